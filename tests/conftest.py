"""Shared fixtures: sample job descriptions, a generated scorecard and a CLI runner."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.intake import read_job_description
from generator.offline.pipeline import generate_scorecard
from generator.schema import Scorecard

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_jds"
SAMPLES = sorted(SAMPLE_DIR.iterdir())
PINNED_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def generated() -> dict[str, object]:
    """Every sample job description's scorecard, generated once per test session."""
    return {path.name: generate_scorecard(read_job_description(path)) for path in SAMPLES}


@pytest.fixture(scope="session")
def pinned() -> dict[str, Scorecard]:
    """Saved scorecards (JSON v1) for tests of scoring, versions and review.

    Those tests need fixed competencies, weights and must-haves, whatever the engine would
    choose today; tests of the engine use `generated`.
    """
    return {
        path.stem: Scorecard.model_validate(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(PINNED_DIR.glob("*.json"))
    }


@pytest.fixture
def scorecard_data(pinned) -> dict:
    """A fresh, valid scorecard as JSON data that a test may break."""
    return copy.deepcopy(pinned["customer_success_manager"].to_json_dict())


@pytest.fixture
def cli_runner() -> CliRunner:
    return CliRunner()
