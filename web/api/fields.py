"""Reading fields of an API JSON body with their types enforced: a string must be a string.

Before, values were passed through `str()`, so `{"company": 123}` or `{"model": ["a"]}` were
stored or looked up as text; now each wrong type is a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from web.hardening import FieldError


def text(
    data: Mapping[str, Any],
    name: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    what: str = "",
) -> str | None:
    """A string field (None when absent or null, unless required)."""
    value = data.get(name)
    if value is None:
        if required:
            raise FieldError(name, f"Give {what or name} as a string.")
        return None
    if not isinstance(value, str):
        raise FieldError(name, f"Give {what or name} as a string, not {_kind(value)}.")
    if max_length is not None and len(value) > max_length:
        raise FieldError(name, f"Keep {what or name} to at most {max_length:,} characters.")
    return value


def whole(
    data: Mapping[str, Any], name: str, *, bounds: tuple[int, int] | None = None
) -> int | None:
    """An integer field (None when absent or null), within `bounds` when given.

    true and 7.0 are not integers here, although Python and pydantic would take them as such.
    """
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldError(name, f"Give {name} as a whole number, not {_kind(value)}.")
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = bounds
        raise FieldError(name, f"Give {name} as a whole number from {low:,} to {high:,}.")
    return value


def text_list(data: Mapping[str, Any], name: str) -> list[str] | str | None:
    """A list of strings, or one comma-separated string (as the web form sends it)."""
    value = data.get(name)
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError(name, f"Give {name} as a list of strings.")
    return value


def generation_options(data: Mapping[str, Any]) -> dict[str, Any]:
    """The options of POST /api/scorecards, each of its own type (ranges are checked by the model)."""
    return {
        "company": text(data, "company"),
        "seniority": text(data, "seniority"),
        "values": text_list(data, "values"),
        **{name: whole(data, name) for name in ("competencies", "questions", "minutes")},
    }


def _kind(value: object) -> str:
    """What a JSON value is, in the words of the JSON spec."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"
