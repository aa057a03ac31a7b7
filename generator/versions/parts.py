"""How each part of a scorecard is compared: competencies, questions, the guide's lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.invariants import fold
from generator.versions.lists import ItemList, Json, field_changes, list_changes
from generator.versions.matching import join_names, quote, same
from generator.versions.model import Change, ChangeKind
from generator.versions.phrases import (
    AGENDA_LABELS,
    CANDIDATE_QA_LABELS,
    CASE_STUDY_LABELS,
    CATEGORY_LABELS,
    COMPETENCY_LABELS,
    JOB_DESCRIPTION_LABELS,
    PART_SUBJECTS,
    QUESTION_LABELS,
    Describer,
    describer,
    sentence,
)

Names = Mapping[str, str]


def object_changes(part: str, before: Any, after: Any) -> list[Change]:
    """The role or the job description, field by field."""
    owner, labels = {
        "role": ("the role", {}),
        "job_description": ("the job description", JOB_DESCRIPTION_LABELS),
    }[part]
    return field_changes(part, before or {}, after or {}, describer(owner, labels))


def value_changes(part: str, before: Any, after: Any) -> list[Change]:
    """A part that is one value: about, company values, the interview length, anything new."""
    if same(before, after):
        return []
    what = PART_SUBJECTS.get(part) or part.replace("_", " ").capitalize()
    unit = " min" if part == "interview_minutes" else ""
    return [
        Change(
            part=part,
            kind="changed",
            before=before,
            after=after,
            summary=sentence(what, before, after, unit=unit),
        )
    ]


def competency_changes(before: list[Json], after: list[Json]) -> list[Change]:
    """Competencies matched by id: their order, then each one added, removed or edited."""
    spec = ItemList(
        part="competencies",
        noun="competency",
        plural="competencies",
        key=lambda c: str(c["id"]),
        label=lambda c: str(c["name"]),
        order_value=lambda c: c["id"],
        compare=_compare_competency,
        own_part="competency:{key}",
    )
    return list_changes(spec, before, after)


def _compare_competency(part: str, prefix: str, before: Json, after: Json) -> list[Change]:
    name = str(after["name"])
    generic = describer(name, COMPETENCY_LABELS)

    def describe(path: str, old: Any, new: Any) -> str:
        if path == "name":
            return f"Renamed competency {old} to {new}"
        if path == "must_have":
            return f"{name} is {'now' if new else 'no longer'} a must-have"
        if path == "value":
            if not new:
                return f"{name} is no longer aligned with a company value"
            return f"{name} is now aligned with the value {quote(str(new))}"
        return generic(path, old, new)

    def rubric(path: str, old: Any, new: Any) -> list[Change]:
        was = {level["score"]: level["description"] for level in old or []}
        now = {level["score"]: level["description"] for level in new or []}
        changes = []
        for score in sorted(was.keys() | now.keys()):
            if same(was.get(score), now.get(score)):
                continue
            kind: ChangeKind = (
                "added" if score not in was else "removed" if score not in now else "changed"
            )
            verb = "reworded" if kind == "changed" else kind
            changes.append(
                Change(
                    part=part,
                    kind=kind,
                    field=f"{path}.{score}",
                    before=was.get(score),
                    after=now.get(score),
                    summary=f"Rubric level {score} of {name} {verb}",
                )
            )
        return changes

    return field_changes(part, before, after, describe, prefix=prefix, expand={"rubric": rubric})


def question_changes(before: list[Json], after: list[Json], names: Names) -> list[Change]:
    """Questions matched by id; a new category is reported as the question moving to it."""

    def compare(part: str, prefix: str, old: Json, new: Json) -> list[Change]:
        qid = str(new["id"])
        generic = describer(f"question {qid}", QUESTION_LABELS)

        def describe(path: str, was: Any, now: Any) -> str:
            if path == "competencies":
                return f"Question {qid} now evaluates {_names(now, names)}"
            return generic(path, was, now)

        def category(path: str, was: Any, now: Any) -> list[Change]:
            where = f"from {_category(was)} to {_category(now)}"
            return [
                Change(
                    part=part,
                    kind="moved",
                    field=path,
                    before=was,
                    after=now,
                    summary=f"Question {qid} moved {where}",
                )
            ]

        return field_changes(part, old, new, describe, prefix=prefix, expand={"category": category})

    spec = ItemList(
        part="questions",
        noun="question",
        plural="questions",
        key=lambda q: str(q["id"]),
        label=lambda q: str(q["id"]),
        order_value=lambda q: q["id"],
        compare=compare,
        own_part="question:{key}",
        keeps_place=lambda old, new: not same(old.get("category"), new.get("category")),
    )
    return list_changes(spec, before, after)


def case_study_changes(before: Json, after: Json, names: Names) -> list[Change]:
    """A case study with a new title and a new scenario is a new one; otherwise field by field."""
    if same(before, after):
        return []
    if not same(before.get("title"), after.get("title")) and not same(
        before.get("scenario"), after.get("scenario")
    ):
        was, now = quote(str(before.get("title"))), quote(str(after.get("title")))
        return [
            Change(
                part="case_study",
                kind="changed",
                before=before,
                after=after,
                summary=f"Replaced the case study {was} with {now}",
            )
        ]
    generic = describer("the case study", CASE_STUDY_LABELS)

    def describe(path: str, old: Any, new: Any) -> str:
        if path == "competencies":
            return f"The case study now assesses {_names(new, names)}"
        return generic(path, old, new)

    return field_changes("case_study", before, after, describe)


def agenda_changes(before: list[Json], after: list[Json]) -> list[Change]:
    """Agenda segments matched by name."""
    return list_changes(
        _positional("agenda", "agenda segment", "name", lambda s: str(s["name"]), AGENDA_LABELS),
        before,
        after,
    )


def candidate_qa_changes(before: list[Json], after: list[Json]) -> list[Change]:
    """Candidate questions matched by their wording."""

    def label(qa: Json) -> str:
        return quote(str(qa["question"]))

    spec = _positional("candidate_qa", "candidate question", "question", label, CANDIDATE_QA_LABELS)
    return list_changes(spec, before, after)


def score_level_changes(before: list[Json], after: list[Json]) -> list[Change]:
    """Score levels matched by score."""
    return list_changes(
        _positional("score_levels", "score level", "score", lambda s: str(s["score"]), {}),
        before,
        after,
    )


def _positional(
    part: str, noun: str, key: str, label: Callable[[Json], str], labels: Mapping[str, str]
) -> ItemList:
    def compare(part: str, prefix: str, old: Json, new: Json) -> list[Change]:
        describe: Describer = describer(f"{noun} {label(new)}", labels)
        return field_changes(part, old, new, describe, prefix=prefix)

    return ItemList(
        part=part,
        noun=noun,
        plural=f"{noun}s",
        key=lambda item: fold(str(item[key])),
        label=label,
        order_value=lambda item: item[key],
        compare=compare,
    )


def _category(category: Any) -> str:
    return CATEGORY_LABELS.get(str(category), str(category))


def _names(ids: Any, names: Names) -> str:
    return join_names([names.get(str(i), str(i)) for i in ids or []]) or "nothing"
