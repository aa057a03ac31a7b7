"""diff_scorecards: what changed between two versions of a scorecard, part by part."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from generator.errors import InvalidScorecardError
from generator.schema import Scorecard
from generator.versions.lists import Json
from generator.versions.matching import document_order, moved_keys, union_keys
from generator.versions.model import Change, ScorecardDiff, WeightChange
from generator.versions.parts import (
    agenda_changes,
    candidate_qa_changes,
    case_study_changes,
    competency_changes,
    object_changes,
    question_changes,
    score_level_changes,
    value_changes,
)
from generator.versions.summary import summary_line

# Provenance records how a version was made, not what it says: no reader sees it as an edit.
NOT_CONTENT = frozenset({"schema_version", "provenance"})

PartDiffer = Callable[[Any, Any, Mapping[str, str]], list[Change]]
PARTS: dict[str, PartDiffer] = {
    "role": lambda old, new, _: object_changes("role", old, new),
    "job_description": lambda old, new, _: object_changes("job_description", old, new),
    "agenda": lambda old, new, _: agenda_changes(old or [], new or []),
    "competencies": lambda old, new, _: competency_changes(old or [], new or []),
    "questions": lambda old, new, names: question_changes(old or [], new or [], names),
    "case_study": lambda old, new, names: case_study_changes(old or {}, new or {}, names),
    "candidate_qa": lambda old, new, _: candidate_qa_changes(old or [], new or []),
    "score_levels": lambda old, new, _: score_level_changes(old or [], new or []),
}


def diff_scorecards(
    old: Scorecard | Mapping[str, Any], new: Scorecard | Mapping[str, Any]
) -> ScorecardDiff:
    """Compare two versions of a scorecard part by part.

    Competencies and questions are matched by id, agenda segments by name, candidate
    questions by their wording, rubric levels and score levels by score. Differences in white
    space alone and anything in `provenance` are not changes. The result depends only on the
    two versions, so the same pair always gives the same diff.

    Args:
        old: the earlier version, as a `Scorecard` or its JSON export (schema version 1).
        new: the later version, in either form.

    Returns:
        The changes in document order, a one-line summary, the parts touched and the weights
        that changed.

    Raises:
        InvalidScorecardError: JSON data given for a version is not a valid scorecard.
    """
    before, after = _content(old, "earlier"), _content(new, "later")
    names = {c["id"]: c["name"] for c in [*before["competencies"], *after["competencies"]]}
    changes: list[Change] = []
    for part in union_keys(before, after):
        if part not in NOT_CONTENT:
            differ = PARTS.get(part, lambda old, new, _, part=part: value_changes(part, old, new))
            changes += differ(before.get(part), after.get(part), names)
    weights = _weight_changes(before["competencies"], after["competencies"])
    return ScorecardDiff(
        changes=changes,
        summary=summary_line(changes, weights, names),
        changed_parts=list(dict.fromkeys(change.part for change in changes)),
        weights=weights,
    )


def _content(version: Scorecard | Mapping[str, Any], which: str) -> Json:
    if isinstance(version, Scorecard):
        return version.to_json_dict()
    try:
        return Scorecard.model_validate(dict(version)).to_json_dict()
    except ValidationError as exc:
        messages = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise InvalidScorecardError(
            f"The {which} version is not a valid scorecard, so it cannot be compared: "
            + "; ".join(messages),
            messages,
        ) from exc


def _weight_changes(before: list[Json], after: list[Json]) -> list[WeightChange]:
    was = {c["id"]: c for c in before}
    now = {c["id"]: c for c in after}
    rows = []
    moved = moved_keys(list(was), list(now))
    for cid in document_order(list(was), list(now), moved=moved):
        old, new = was.get(cid), now.get(cid)
        weight_before = old["weight"] if old else None
        weight_after = new["weight"] if new else None
        if weight_before != weight_after:
            name = (new or old or {})["name"]
            rows.append(WeightChange(id=cid, name=name, before=weight_before, after=weight_after))
    return rows
