"""Checking an edited scorecard: every problem as a sentence at the field path where it is fixed.

Schema errors come from the pydantic model by location; the invariants (generator/invariants.py)
come back as the summary keys `_weights`, `_must_have`, `_questions`, `_categories` and `_agenda`
or at the fields that break them. The editor's summary panel shows the same figures live.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError, model_validator

from generator.invariants import check_invariants, fold
from generator.schema import CATEGORIES, Scorecard

try:  # written alongside this editor; the page works without it
    from generator.fairness import PatternFileError, check_scorecard
except ImportError:  # pragma: no cover - until generator.fairness lands
    check_scorecard = None  # type: ignore[assignment]
    PatternFileError = RuntimeError  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

Data = dict[str, Any]
Errors = dict[str, list[str]]
MAX_TEXT = 5_000  # characters in one typed field; a whole rubric level or scenario fits easily

_BULLET = re.compile(r"^\s*(?:[-*+•·‣◦▪–]|\d+[.)])\s+")
# Codes the summary figures already report at the editor's fields.
_SUMMARISED = {
    "weight-positive",
    "weights-sum",
    "must-have",
    "competency-coverage",
    "question-categories",
    "agenda-minutes",
    "evidence-verbatim",
}


class _FieldsOnly(Scorecard):
    """The schema without its invariants, so that they can be reported field by field."""

    @model_validator(mode="after")
    def _invariants(self) -> _FieldsOnly:
        return self


def items(value: Any) -> list[Data]:
    """A typed list of parts; anything that is not a part counts as an empty one (indices kept)."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def strings(value: Any) -> list[str]:
    """The strings of a typed list (ids, evidence lines); anything else is left out."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def too_long(data: Any, path: str = "") -> list[str]:
    """Paths of typed texts longer than MAX_TEXT (the posting itself is not edited here)."""
    if isinstance(data, str):
        return [path] if len(data) > MAX_TEXT else []
    if isinstance(data, dict):
        pairs = [(str(k), v) for k, v in data.items() if k not in ("job_description", "provenance")]
    elif isinstance(data, list):
        pairs = [(str(i), v) for i, v in enumerate(data)]
    else:
        return []
    return [p for key, value in pairs for p in too_long(value, f"{path}.{key}" if path else key)]


def whole(value: Any) -> int | None:
    """A typed whole number, or None when the text is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    return int(text) if re.fullmatch(r"-?\d{1,6}", text) else None


@dataclass(frozen=True)
class Summary:
    """The figures the editor's summary panel shows, computed from the form as typed."""

    weight_total: int | None  # None when a weight is not a whole number
    must_haves: int
    coverage: list[tuple[str, str, int]]  # (competency id, name, questions evaluating it)
    categories: list[str]  # the categories the question bank has, in canonical order
    agenda_total: int | None
    interview_minutes: int | None

    @property
    def uncovered(self) -> list[tuple[str, str, int]]:
        return [item for item in self.coverage if item[2] < 2]


def summarize(data: Data) -> Summary:
    """The running totals and counts of the scorecard as typed."""
    competencies = items(data.get("competencies"))
    weights = [whole(c.get("weight")) for c in competencies]
    asked: Counter[str] = Counter()
    for question in items(data.get("questions")):
        asked.update(set(strings(question.get("competencies"))))
    present = {str(q.get("category")) for q in items(data.get("questions"))}
    minutes = [whole(item.get("minutes")) for item in items(data.get("agenda"))]
    return Summary(
        weight_total=None if None in weights else sum(w for w in weights if w is not None),
        must_haves=sum(1 for c in competencies if c.get("must_have")),
        coverage=[
            (c.get("id", ""), c.get("name", ""), asked[c.get("id", "")]) for c in competencies
        ],
        categories=[c for c in CATEGORIES if c in present],
        agenda_total=None if None in minutes else sum(m for m in minutes if m is not None),
        interview_minutes=whole(data.get("interview_minutes")),
    )


def jd_lines(job_description: Data) -> list[str]:
    """The job description's lines that evidence is chosen from: its duties and requirements."""
    lines = [*job_description.get("responsibilities", []), *job_description.get("requirements", [])]
    if not lines:
        lines = _text_lines(job_description.get("text") or "")
    return list(dict.fromkeys(line for line in lines if line.strip()))


def _text_lines(text: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]


def check_edit(data: Data, *, base: Data | None = None) -> tuple[Scorecard | None, Errors]:
    """Validate the edited scorecard; return it, or every problem keyed by the field that fixes it.

    Evidence must be a line of the job description (or evidence the `base` version already had).
    """
    errors: defaultdict[str, list[str]] = defaultdict(list)
    for path in too_long(data):
        errors[path].append(f"Keep this under {MAX_TEXT:,} characters.")
    try:
        fields_only: Scorecard | None = _FieldsOnly.model_validate(data)
    except ValidationError as exc:
        fields_only = None
        for error in exc.errors():
            errors[_path(error["loc"])].append(_message(error))
    _summary_errors(data, errors)
    _evidence_errors(data, base or {}, errors)
    if fields_only is not None:
        for violation in check_invariants(fields_only):
            if violation.code not in _SUMMARISED:
                _invariant_errors(violation.code, violation.message, fields_only, errors)
    if errors:
        return None, dict(errors)
    try:
        return Scorecard.model_validate(data), {}
    except ValidationError as exc:  # an invariant this editor does not know yet
        return None, {"_form": [str(e["msg"]) for e in exc.errors()]}


_NOUNS = {
    "diving_deeper": "diving-deeper questions",
    "follow_ups": "follow-up probes",
    "candidate_tasks": "candidate tasks",
    "evaluation_focus": "points to watch for",
    "agenda": "agenda items",
    "candidate_qa": "questions and answers",
}


def _path(loc: tuple[Any, ...]) -> str:
    """The field path of an error; a checkbox list's errors belong to the whole list."""
    if len(loc) > 2 and isinstance(loc[-1], int) and loc[-2] in {"competencies", "evidence"}:
        loc = loc[:-1]
    return ".".join(str(p) for p in loc) or "_form"


def _message(error: Any) -> str:
    kind, ctx, loc = error["type"], error.get("ctx") or {}, error["loc"]
    field = str(loc[-1]) if loc else ""
    if field == "competencies" and len(loc) > 1:
        return "Tick the competencies this evaluates (one or two for a question)."
    if kind in {"missing", "string_too_short", "string_type"}:
        return "Fill this in; it cannot be empty."
    if kind.startswith("int_") or kind == "bool_parsing":
        return "Enter a whole number."
    if kind == "greater_than":
        return f"Enter a number greater than {ctx.get('gt', 0)}."
    if kind == "literal_error":
        return "Choose one of the options."
    if kind == "string_pattern_mismatch":
        return "Choose only competencies of this scorecard."
    noun = _NOUNS.get(field, field.replace("_", " "))
    if kind == "too_short":
        return f"Add more {noun}: at least {ctx.get('min_length')} are needed."
    if kind == "too_long":
        return f"Remove some {noun}: at most {ctx.get('max_length')} are allowed."
    text = str(error.get("msg", "This value is not valid"))
    return text[:1].upper() + text[1:].rstrip(".") + "."


def _summary_errors(data: Data, errors: defaultdict[str, list[str]]) -> None:
    summary = summarize(data)
    competencies = items(data.get("competencies"))
    for i, competency in enumerate(competencies):
        weight = whole(competency.get("weight"))
        if weight is not None and weight <= 0:
            errors[f"competencies.{i}.weight"].append("Enter a weight above 0.")
    total = summary.weight_total
    if total is not None and total != 100 and competencies:
        for i in range(len(competencies)):
            errors[f"competencies.{i}.weight"].append(
                f"Weights add up to {total}%; they must total 100."
            )
        errors["_weights"].append(
            f"Weights add up to {total}%; they must total 100. Adjust them or use Rebalance."
        )
    if competencies and not summary.must_haves:
        errors["_must_have"].append("Mark at least one competency as a must-have.")
    for _cid, name, count in summary.uncovered:
        errors["_questions"].append(
            f"Tick “{name or 'the unnamed competency'}” on at least 2 questions; "
            f"{count} question{' evaluates' if count == 1 else 's evaluate'} it now."
        )
    missing = [c.replace("_", " ") for c in CATEGORIES if c not in summary.categories]
    if missing and data.get("questions"):
        errors["_categories"].append(
            f"Add a {' and a '.join(missing)} question, or change a question's category: "
            "the bank needs all four categories."
        )
    length, planned = summary.interview_minutes, summary.agenda_total
    if length is not None and planned is not None and planned != length:
        errors["_agenda"].append(
            f"Agenda minutes add up to {planned}; make them add up to the interview length of "
            f"{length} minutes, or change the length."
        )


def _evidence_errors(data: Data, base: Data, errors: defaultdict[str, list[str]]) -> None:
    jd = data.get("job_description")
    jd = jd if isinstance(jd, dict) else {}
    lines = [*jd_lines(jd), *_text_lines(str(jd.get("text") or ""))]
    allowed = {fold(line) for line in lines}
    allowed |= {
        fold(e) for c in items(base.get("competencies")) for e in strings(c.get("evidence"))
    }
    for i, competency in enumerate(items(data.get("competencies"))):
        evidence = competency.get("evidence")
        for line in evidence if isinstance(evidence, list) else []:
            if fold(str(line)) not in allowed:
                errors[f"competencies.{i}.evidence"].append(
                    f"Choose evidence only from the job description's lines; “{str(line)[:80]}” "
                    "is not one of them."
                )


def _invariant_errors(
    code: str, message: str, card: Scorecard, errors: defaultdict[str, list[str]]
) -> None:
    names = Counter(fold(c.name) for c in card.competencies)
    known = {c.id for c in card.competencies}
    values = {fold(v) for v in card.company_values}
    if code == "unique-names":
        for i, c in enumerate(card.competencies):
            if names[fold(c.name)] > 1:
                errors[f"competencies.{i}.name"].append("Give this competency a name no other has.")
    elif code == "value-known":
        for i, c in enumerate(card.competencies):
            if c.value and values and fold(c.value) not in values:
                errors[f"competencies.{i}.value"].append(
                    "Choose one of the company values, or none."
                )
    elif code == "question-competency":
        for i, q in enumerate(card.questions):
            if set(q.competencies) - known:
                errors[f"questions.{i}.competencies"].append(
                    "Tick only competencies of this scorecard."
                )
    elif code == "case-study-competency":
        errors["case_study.competencies"].append("Tick only competencies of this scorecard.")
    else:  # ids and rubric levels: the form sets them, so only a stale or tampered form breaks them
        errors["_form"].append(f"{message} Reload the page and make your edits again.")


def fairness_findings(data: Data) -> dict[str, list[Any]]:
    """Fair-interview findings of the text as typed, by field path (empty if the check is absent)."""
    if check_scorecard is None:
        return {}
    try:
        findings = check_scorecard(data)
    except PatternFileError:
        log.exception("the fair-interview check could not load its patterns")
        return {}
    by_field: dict[str, list[Any]] = defaultdict(list)
    for finding in findings:
        by_field[finding.location].append(finding)
    return dict(by_field)
