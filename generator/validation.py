"""Validate a scorecard given as JSON, reporting every schema error and broken invariant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.schema import Scorecard


def validate_data(data: Any) -> list[str]:
    """Every problem with a scorecard's JSON data; empty when it is valid."""
    if not isinstance(data, dict):
        return ["The file must hold a JSON object (a scorecard exported as JSON)."]
    if data.get("schema_version") != 1:
        return [f"The schema_version must be 1, not {data.get('schema_version')!r}."]
    try:
        Scorecard.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if not where:  # the model-level invariant check: list each violation on its own line
                problems.extend(message.splitlines())
            else:
                problems.append(f"{where}: {message}")
        return problems
    return []


def validate_file(path: Path) -> list[str]:
    """Every problem with the scorecard JSON file at `path`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"The file is not valid JSON: {exc}."]
    return validate_data(data)
