"""Renderings of a scorecard: JSON (v1), the printable Markdown guide and the Excel workbook."""

from __future__ import annotations

import json

from generator.schema import Scorecard


def to_json(scorecard: Scorecard) -> str:
    """The JSON export, schema version 1."""
    return json.dumps(scorecard.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
