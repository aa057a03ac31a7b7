"""Shared fixtures: sample job descriptions, a generated scorecard and a CLI runner."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.intake import read_job_description
from generator.offline.pipeline import generate_scorecard

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_jds"
SAMPLES = sorted(SAMPLE_DIR.iterdir())


@pytest.fixture(scope="session")
def generated() -> dict[str, object]:
    """Every sample job description's scorecard, generated once per test session."""
    return {path.name: generate_scorecard(read_job_description(path)) for path in SAMPLES}


@pytest.fixture
def scorecard_data(generated) -> dict:
    """A fresh, valid scorecard as JSON data that a test may break."""
    return copy.deepcopy(generated["customer_success_manager.md"].to_json_dict())


@pytest.fixture
def cli_runner() -> CliRunner:
    return CliRunner()
