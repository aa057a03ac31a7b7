"""Where interview text lives in a scorecard's JSON: every string the fair-interview check reads.

Only what an interviewer says or is told to listen for is checked: competency prompts and
follow-ups, the question bank and the case study. The job description and the candidate Q&A are
the employer's own words to the candidate, not questions put to them, so they are left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

_PROMPTS = ("lead_question", "situational_scenario")
_PROMPT_FIELDS = ("text", "look_for")
_CASE_TEXTS = ("title", "scenario")
_CASE_LISTS = ("candidate_tasks", "evaluation_focus")


class InterviewText(NamedTuple):
    """One string to check, with its dotted path into the JSON and the part it belongs to."""

    location: str
    part: str
    text: str


def interview_texts(card: Mapping[str, Any]) -> Iterator[InterviewText]:
    """Yield every checked string of a scorecard's JSON in document order, skipping what is missing."""
    for index, competency in _items(card.get("competencies")):
        part = f"competency:{_ident(competency, index)}"
        base = f"competencies.{index}"
        for prompt in _PROMPTS:
            fields = competency.get(prompt)
            if isinstance(fields, Mapping):
                for name in _PROMPT_FIELDS:
                    yield from _one(f"{base}.{prompt}.{name}", part, fields.get(name))
        yield from _many(f"{base}.diving_deeper", part, competency.get("diving_deeper"))
    for index, question in _items(card.get("questions")):
        part = f"question:{_ident(question, index)}"
        yield from _one(f"questions.{index}.text", part, question.get("text"))
        yield from _many(f"questions.{index}.follow_ups", part, question.get("follow_ups"))
    case = card.get("case_study")
    if isinstance(case, Mapping):
        for name in _CASE_TEXTS:
            yield from _one(f"case_study.{name}", "case_study", case.get(name))
        for name in _CASE_LISTS:
            yield from _many(f"case_study.{name}", "case_study", case.get(name))


def _items(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


def _ident(item: Mapping[str, Any], index: int) -> str:
    """The item's id; its position when a half-edited draft has none yet."""
    ident = item.get("id")
    return ident.strip() if isinstance(ident, str) and ident.strip() else str(index)


def _one(location: str, part: str, value: object) -> Iterator[InterviewText]:
    if isinstance(value, str) and value.strip():
        yield InterviewText(location, part, value)


def _many(location: str, part: str, values: object) -> Iterator[InterviewText]:
    if isinstance(values, list):
        for index, value in enumerate(values):
            yield from _one(f"{location}.{index}", part, value)
