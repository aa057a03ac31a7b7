"""The structured editor's actions: add, remove and reorder items, name new competencies, rebalance.

Submit buttons post `verb:path` (`add:competencies`, `remove:questions.3`, `up:agenda.1`,
`remove:competencies.0.diving_deeper.2`) or `rebalance`; each re-renders the form without saving.
"""

from __future__ import annotations

import re
from typing import Any

from web.review.editor_merge import same_value

Data = dict[str, Any]
# The lists an action may add to, remove from or reorder.
_LISTS = re.compile(
    r"(?:competencies|questions|agenda|candidate_qa)"
    r"|competencies\.\d+\.diving_deeper|questions\.\d+\.follow_ups"
    r"|case_study\.(?:candidate_tasks|evaluation_focus)"
)
_ACTION = re.compile(r"(add|remove|up|down):([a-z_.0-9]+)")


# New competencies -------------------------------------------------------------------------------


def slugify(name: str) -> str:
    """A competency id from its name: lower case words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    slug = "-".join(words)[:60].strip("-")
    return slug


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted and wanted not in taken:
        return wanted
    stem = wanted or "new-competency"
    n = 1 if stem == "new-competency" else 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def name_new_competencies(data: Data, base: Data) -> None:
    """Give competencies that are not in `base` an id from their name, and follow it everywhere."""
    known = {c.get("id") for c in base.get("competencies") or []}
    competencies = data.get("competencies") or []
    taken = {c["id"] for c in competencies if c.get("id") in known}
    for competency in competencies:
        old = competency.get("id", "")
        if old in known:
            continue
        new = _unique(slugify(competency.get("name", "")), taken)
        taken.add(new)
        if new != old:
            competency["id"] = new
            _rename_references(data, old, new)


def _rename_references(data: Data, old: str, new: str | None) -> None:
    """Point questions and the case study at the renamed competency (or drop it when `new` is None)."""
    holders = [*(data.get("questions") or []), data.get("case_study") or {}]
    for holder in holders:
        ids = holder.get("competencies") or []
        holder["competencies"] = [new if i == old else i for i in ids if i != old or new]


def _blank_competency(data: Data) -> Data:
    taken = {c.get("id", "") for c in data.get("competencies") or []}
    return {
        "id": _unique("", taken),
        "name": "",
        "description": "",
        "weight": "",
        "must_have": False,
        "value": None,
        "evidence": [],
        "rubric": [{"score": s, "description": ""} for s in range(1, 6)],
        "lead_question": {"text": "", "look_for": ""},
        "situational_scenario": {"text": "", "look_for": ""},
        "diving_deeper": ["", "", ""],
    }


def _blank_question(data: Data) -> Data:
    taken = {q.get("id") for q in data.get("questions") or []}
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return {"id": f"q{n}", "category": "", "text": "", "follow_ups": ["", ""], "competencies": []}


# Structural actions -----------------------------------------------------------------------------


def apply_action(data: Data, action: str) -> tuple[Data, str]:
    """Add, remove or move an item of a list, as a submit button `verb:path` asks; returns a notice.

    Raises:
        ValueError: the action names no list the editor has (a tampered or stale form).
    """
    match = _ACTION.fullmatch(action)
    if match is None:
        raise ValueError(f"unknown editor action {action!r}")
    verb, path = match.groups()
    list_path, _, index_text = path.rpartition(".") if verb != "add" else (path, "", "")
    if not _LISTS.fullmatch(list_path) or (verb != "add" and not index_text.isdigit()):
        raise ValueError(f"unknown editor action {action!r}")
    items = _resolve(data, list_path)
    noun = list_path.rpartition(".")[2].replace("_", " ")
    if verb == "add":
        items.append(_blank(data, list_path))
        return data, f"Added an item to {noun}; fill it in below."
    index = int(index_text)
    if index >= len(items):
        raise ValueError(f"no item {index} in {list_path}")
    if verb == "remove":
        removed = items.pop(index)
        if list_path == "competencies":
            _rename_references(data, removed.get("id", ""), None)
            return data, f"Removed the competency “{removed.get('name') or index + 1}”."
        return data, f"Removed item {index + 1} from {noun}."
    other = index - 1 if verb == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return data, f"Moved item {index + 1} of {noun} {verb}."


def _resolve(data: Data, list_path: str) -> list[Any]:
    node: Any = data
    for segment in list_path.split("."):
        try:
            node = node[int(segment)] if segment.isdigit() else node.setdefault(segment, [])
        except (IndexError, KeyError, TypeError, AttributeError):
            raise ValueError(f"no list at {list_path}") from None
    if not isinstance(node, list):
        raise ValueError(f"no list at {list_path}")
    return node


def _blank(data: Data, list_path: str) -> Any:
    if list_path == "competencies":
        return _blank_competency(data)
    if list_path == "questions":
        return _blank_question(data)
    if list_path == "agenda":
        return {"name": "", "minutes": "", "description": ""}
    if list_path == "candidate_qa":
        return {"question": "", "answer": ""}
    return ""


# Rebalancing weights ----------------------------------------------------------------------------


def rebalance(data: Data, base: Data) -> tuple[Data, dict[str, list[str]], str | None]:
    """Make the weights total 100, keeping the ones the user changed and scaling the rest.

    Returns the data, errors by field path, and a notice when it worked.
    """
    from generator.errors import InputError
    from generator.versions import rebalance_weights

    competencies = data.get("competencies") or []
    weights: list[int] = []
    errors: dict[str, list[str]] = {}
    for i, competency in enumerate(competencies):
        text = str(competency.get("weight", "")).strip()
        if not re.fullmatch(r"\d+", text):
            errors[f"competencies.{i}.weight"] = [
                "Enter a whole number of percent here before rebalancing."
            ]
        else:
            weights.append(int(text))
    if errors:
        return data, errors, None
    if sum(weights) == 100:
        return data, {}, "The weights already total 100; nothing to rebalance."
    before = {c.get("id"): c.get("weight") for c in base.get("competencies") or []}
    keep = {
        i
        for i, c in enumerate(competencies)
        if weights[i] > 0 and not same_value(before.get(c.get("id")), weights[i])
    }
    if len(keep) == len(weights):
        keep = set()  # every weight changed: scale them all
    try:
        balanced = rebalance_weights(weights, keep=keep or None)
    except InputError as exc:
        return data, {"_weights": [str(exc)]}, None
    for competency, weight in zip(competencies, balanced, strict=True):
        competency["weight"] = weight
    kept = " The weights you changed were kept." if keep else ""
    return data, {}, f"Rebalanced the weights to total 100.{kept} Check them, then save."
