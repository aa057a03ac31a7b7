"""Re-applying one editor's changes on top of a version someone else saved in the meantime.

A three-way merge of scorecard JSON: whatever the editor changed relative to the version they
started from replaces the newer version's value; everything they left alone comes from the newer
version, so the other person's edits survive. Competencies and questions are matched by id.
Where both changed the same field, the editor's value wins: they asked to save their edits on top.
"""

from __future__ import annotations

import copy
from typing import Any

Data = dict[str, Any]
_BY_ID = ("competencies", "questions")


def same_value(a: Any, b: Any) -> bool:
    """Equal as the form shows them: a number and its typed text, None and blank, stray spaces."""
    return _plain(a) == _plain(b)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def merge_onto(mine: Data, base: Data, head: Data) -> Data:
    """`head` with every change `mine` made to `base` applied on top."""
    result = copy.deepcopy(head)
    for key, value in mine.items():
        if key in _BY_ID and isinstance(value, list):
            result[key] = _merge_items(key, value, base.get(key) or [], head.get(key) or [])
        else:
            result[key] = _merge(value, base.get(key), head.get(key))
    return result


def _merge(mine: Any, base: Any, head: Any) -> Any:
    if same_value(mine, base):
        return copy.deepcopy(head)
    if isinstance(mine, dict) and isinstance(base, dict) and isinstance(head, dict):
        merged = copy.deepcopy(head)
        for key, value in mine.items():
            merged[key] = _merge(value, base.get(key), head.get(key))
        return merged
    if (
        isinstance(mine, list)
        and isinstance(base, list)
        and isinstance(head, list)
        and len(mine) == len(base) == len(head)
        and all(isinstance(item, dict) for item in mine)
    ):
        return [_merge(m, b, h) for m, b, h in zip(mine, base, head, strict=True)]
    return copy.deepcopy(mine)


def _merge_items(kind: str, mine: list[Any], base: list[Any], head: list[Any]) -> list[Any]:
    """Merge lists of items with ids: additions, removals, edits and reordering from both sides."""
    base_by = {item.get("id"): item for item in base if isinstance(item, dict)}
    head_by = {item.get("id"): item for item in head if isinstance(item, dict)}
    mine_by = {item.get("id"): item for item in mine if isinstance(item, dict)}
    removed_by_me = set(base_by) - set(mine_by)
    shared = [i for i in mine_by if i in base_by]
    reordered = shared != [i for i in base_by if i in mine_by]
    order = list(mine_by) if reordered else [i for i in head_by if i not in removed_by_me]
    order += [i for i in mine_by if i not in order]
    order += [i for i in head_by if i not in order and i not in removed_by_me]
    result = []
    taken = set(head_by)
    for ident in order:
        item = mine_by.get(ident)
        if item is None:
            result.append(copy.deepcopy(head_by[ident]))
        elif ident not in base_by:
            result.append(_fresh(kind, item, ident, taken))
        elif ident in head_by:
            result.append(_merge(item, base_by[ident], head_by[ident]))
        elif not same_value(item, base_by[ident]):
            result.append(copy.deepcopy(item))  # they removed it, but I edited it: keep mine
    return result


def _fresh(kind: str, item: dict[str, Any], ident: Any, taken: set[Any]) -> dict[str, Any]:
    """An item I added; a new question whose id the other version also took gets the next free one."""
    item = copy.deepcopy(item)
    if kind == "questions" and ident in taken:
        n = len(taken) + 1
        while f"q{n}" in taken:
            n += 1
        item["id"] = f"q{n}"
    taken.add(item.get("id"))
    return item
