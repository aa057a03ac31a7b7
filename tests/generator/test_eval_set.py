"""The evaluation set for benchmarks/quality.py: every posting is readable and has one expectation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import InputError
from generator.intake import read_job_description

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "benchmarks" / "eval_postings"
SAMPLE_DIR = ROOT / "sample_jds"
SAMPLES_FILE = "expected_samples.yaml"
LIBRARY_FAMILIES = {"admin", "customer", "design", "education", "finance", "general", "healthcare"}
LIBRARY_FAMILIES |= {"leadership", "marketing", "operations", "people", "sales", "software"}
LIBRARY_FAMILIES |= {"trades", "warehouse"}
# Families other engineers are adding to the library now; the set may name them already.
NEW_FAMILIES = {"product", "retail", "hospitality", "legal", "science", "construction", "driving"}
NEW_FAMILIES |= {"it", "nonprofit", "public_sector", "executive", "manufacturing"}
NEW_FAMILIES |= {"social_care"}
FAMILIES = LIBRARY_FAMILIES | NEW_FAMILIES
LIST_KEYS = ("also", "expected", "terms", "values")
POSTINGS = sorted(p for p in EVAL_DIR.iterdir() if not p.name.startswith("expected_"))


def _entries(*, samples: bool) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(EVAL_DIR.glob("expected_*.yaml")):
        if (path.name == SAMPLES_FILE) == samples:
            entries += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return entries


def _check_entry(entry: dict[str, Any]) -> None:
    assert isinstance(entry.get("refuse"), bool), f"{entry.get('file')}: refuse must be true/false"
    for key in LIST_KEYS:
        value = entry.get(key)
        assert isinstance(value, list), f"{entry['file']}: `{key}` must be a list"
        assert all(isinstance(item, str) and item.strip() for item in value), entry["file"]
    if entry["refuse"]:
        assert entry["family"] is None or entry["family"] in FAMILIES, entry["file"]
    else:
        assert entry["family"] in FAMILIES, f"{entry['file']}: unknown family {entry['family']}"
        assert entry["expected"], f"{entry['file']}: name the expected competencies"
    unknown = set(entry["also"]) - FAMILIES
    assert not unknown, f"{entry['file']}: unknown families in `also`: {unknown}"


def test_the_set_is_there() -> None:
    assert len([p for p in POSTINGS if p.name.startswith("a_")]) == 16
    assert len(POSTINGS) >= 16


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.name)
def test_posting_has_one_valid_expectation_and_reads(posting: Path) -> None:
    entries = [e for e in _entries(samples=False) if e.get("file") == posting.name]
    assert len(entries) == 1, f"{posting.name} needs exactly one entry in expected_*.yaml"
    entry = entries[0]
    _check_entry(entry)
    try:
        text = read_job_description(posting)
    except InputError as exc:
        # A posting the engine should refuse may already be refused when it is read.
        assert entry["refuse"] and str(exc), f"{posting.name} could not be read: {exc}"
        return
    assert text.strip()


def test_every_expectation_names_an_existing_posting() -> None:
    names = [e["file"] for e in _entries(samples=False)]
    assert sorted(names) == sorted(set(names)), "a posting has two expectation entries"
    assert set(names) <= {p.name for p in POSTINGS}


def test_samples_have_family_expectations() -> None:
    entries = _entries(samples=True)
    assert sorted(e["file"] for e in entries) == sorted(p.name for p in SAMPLE_DIR.iterdir())
    for entry in entries:
        _check_entry(entry)


def test_long_posting_is_long() -> None:
    text = read_job_description(EVAL_DIR / "a_04_service_designer_government.md")
    assert len(text.split()) >= 3000
