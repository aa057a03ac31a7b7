"""Field-by-field and item-by-item comparison, shared by every part of a scorecard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.versions.matching import (
    document_order,
    join_names,
    moved_keys,
    ordinal,
    same,
    union_keys,
    unique_keys,
)
from generator.versions.model import Change
from generator.versions.phrases import Describer

Json = dict[str, Any]
Expander = Callable[[str, Any, Any], list[Change]]


def field_changes(
    part: str,
    before: Json,
    after: Json,
    describe: Describer,
    *,
    prefix: str = "",
    expand: Mapping[str, Expander] | None = None,
    _path: str = "",
) -> list[Change]:
    """Changed fields of one object in schema order, nested objects as dotted paths.

    `describe` words a change from its path inside the object; `expand` takes over the fields
    that need more than one before/after pair (a rubric, a question's category).
    """
    changes: list[Change] = []
    for key in union_keys(before, after):
        old, new = before.get(key), after.get(key)
        if same(old, new):
            continue
        path = _path + key
        if expand and path in expand:
            changes += expand[path](prefix + path, old, new)
        elif isinstance(old, dict) and isinstance(new, dict):
            changes += field_changes(
                part, old, new, describe, prefix=prefix, expand=expand, _path=path + "."
            )
        else:
            summary = describe(path, old, new)
            changes.append(
                Change(
                    part=part,
                    kind="changed",
                    field=prefix + path,
                    before=old,
                    after=new,
                    summary=summary,
                )
            )
    return changes


Comparer = Callable[[str, str, Json, Json], list[Change]]


@dataclass(frozen=True)
class ItemList:
    """How the items of one list part are matched, named and compared.

    Items with their own part ("competency:<id>") are located by it; the others share the
    list's part and prefix their fields with their 1-based position.
    """

    part: str
    noun: str
    plural: str
    key: Callable[[Json], str]
    label: Callable[[Json], str]
    order_value: Callable[[Json], Any]
    compare: Comparer
    own_part: str | None = None
    keeps_place: Callable[[Json, Json], bool] | None = None


def list_changes(spec: ItemList, before: list[Json], after: list[Json]) -> list[Change]:
    """The order change (if any), then each added, removed or changed item in document order."""
    old_keys, new_keys = unique_keys(before, spec.key), unique_keys(after, spec.key)
    old_by, new_by = (
        dict(zip(old_keys, before, strict=True)),
        dict(zip(new_keys, after, strict=True)),
    )
    # An item that moved for another reason (a question changing category) is reported once.
    exclude = frozenset(
        k
        for k in old_by.keys() & new_by.keys()
        if spec.keeps_place and spec.keeps_place(old_by[k], new_by[k])
    )
    changes: list[Change] = []
    moved = moved_keys(old_keys, new_keys, exclude=exclude)
    if moved:
        changes.append(_order_change(spec, old_keys, new_keys, moved, old_by, new_by))
    for k in document_order(old_keys, new_keys, moved=exclude.union(moved)):
        old, new = old_by.get(k), new_by.get(k)
        if spec.own_part:
            part, prefix = spec.own_part.replace("{key}", k), ""
        else:
            position = new_keys.index(k) if new is not None else old_keys.index(k)
            part, prefix = spec.part, f"{position + 1}."
        if old is None and new is not None:
            changes.append(
                Change(
                    part=part,
                    kind="added",
                    field=prefix.rstrip("."),
                    after=new,
                    summary=f"Added {spec.noun} {spec.label(new)}",
                )
            )
        elif new is None and old is not None:
            changes.append(
                Change(
                    part=part,
                    kind="removed",
                    field=prefix.rstrip("."),
                    before=old,
                    summary=f"Removed {spec.noun} {spec.label(old)}",
                )
            )
        elif old is not None and new is not None and not same(old, new):
            changes += spec.compare(part, prefix, old, new)
    return changes


def _order_change(
    spec: ItemList,
    old_keys: list[str],
    new_keys: list[str],
    moved: list[str],
    old_by: Mapping[str, Json],
    new_by: Mapping[str, Json],
) -> Change:
    names = [spec.label(new_by[k]) for k in moved]
    if len(moved) == 1:
        was, now = old_keys.index(moved[0]) + 1, new_keys.index(moved[0]) + 1
        summary = f"Reordered {spec.plural}: {names[0]} moved from {ordinal(was)} to {ordinal(now)}"
    elif len(moved) <= 3:
        summary = f"Reordered {spec.plural} (moved {join_names(names)})"
    else:
        summary = f"Reordered {spec.plural} ({len(moved)} moved)"
    return Change(
        part=spec.part,
        kind="moved",
        before=[spec.order_value(old_by[k]) for k in old_keys],
        after=[spec.order_value(new_by[k]) for k in new_keys],
        summary=summary,
    )
