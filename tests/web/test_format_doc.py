"""docs/scorecard-format.md names every field of the scorecard schema, so it cannot drift from the code."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from generator.schema import Scorecard

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scorecard-format.md"


def models_in(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models inside a field's type (through lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found += models_in(arg)
    return found


def schema_fields(model: type[BaseModel], seen: set[type] | None = None) -> set[tuple[str, str]]:
    """(model name, field name) for every field of the model and of every model it contains."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    fields = set()
    for name, info in model.model_fields.items():
        fields.add((model.__name__, name))
        for inner in models_in(info.annotation):
            fields |= schema_fields(inner, seen)
    return fields


def documented_fields() -> set[str]:
    """Field names written as the first cell of a table row: | `name` | type | meaning |."""
    return set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE))


def test_every_schema_field_is_documented():
    fields = schema_fields(Scorecard)
    assert len(fields) > 60  # the walk reached the nested parts
    missing = sorted(f"{model}.{name}" for model, name in fields if name not in documented_fields())
    assert not missing, f"Describe these fields in docs/scorecard-format.md: {missing}"


def test_every_part_has_its_own_table():
    text = DOC.read_text(encoding="utf-8")
    models = {model for model, _ in schema_fields(Scorecard)}
    models.discard("Scorecard")
    missing = sorted(m for m in models if not re.search(rf"^### {m}\b", text, re.MULTILINE))
    assert not missing, f"Give these parts a section in docs/scorecard-format.md: {missing}"


def test_the_readme_links_the_format_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "SCORECARD_FORMAT.md" not in readme
    assert "(docs/scorecard-format.md)" in readme
