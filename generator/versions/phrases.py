"""Short sentences that say how one field of a scorecard changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.versions.matching import quote

Describer = Callable[[str, Any, Any], str]

CATEGORY_LABELS = {
    "technical": "Technical",
    "behavioral": "Behavioral",
    "culture_fit": "Culture Fit",
    "situational": "Situational",
}
UNITS = {"weight": "%", "minutes": " min", "interview_minutes": " min"}
SHORT = 40

COMPETENCY_LABELS = {
    "description": "Definition of {owner}",
    "evidence": "Evidence of {owner}",
    "lead_question.text": "Lead question of {owner}",
    "lead_question.look_for": "What to look for in the lead question of {owner}",
    "situational_scenario.text": "Situational scenario of {owner}",
    "situational_scenario.look_for": "What to look for in the scenario of {owner}",
    "diving_deeper": "Diving-deeper follow-ups of {owner}",
}
QUESTION_LABELS = {"text": "{owner}", "follow_ups": "Follow-up probes of {owner}"}
JOB_DESCRIPTION_LABELS = {"text": "Posting text of {owner}"}
AGENDA_LABELS = {"minutes": "Length of {owner}"}
CASE_STUDY_LABELS = {"minutes": "Length of {owner}"}
CANDIDATE_QA_LABELS = {"question": "Wording of {owner}", "answer": "Answer to {owner}"}
PART_SUBJECTS = {
    "about": "About this guide",
    "company_values": "Company values",
    "interview_minutes": "Interview length",
}


def capitalised(text: str) -> str:
    """`text` with its first letter in upper case and the rest untouched."""
    return text[:1].upper() + text[1:]


def subject(path: str, owner: str, labels: Mapping[str, str]) -> str:
    """What a sentence is about, e.g. "Lead question of Communication"."""
    template = labels.get(path) or path.replace(".", " ").replace("_", " ") + " of {owner}"
    return capitalised(template.replace("{owner}", owner))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _short(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= SHORT and "\n" not in value


def sentence(what: str, before: Any, after: Any, *, unit: str = "") -> str:
    """How a value changed: "Weight of X 15% → 20%", "… reworded", "… edited"."""
    if _number(before) and _number(after):
        return f"{what} {before}{unit} → {after}{unit}"
    if before in (None, "", []):
        return f"{what} set to {quote(after)}" if _short(after) else f"{what} added"
    if after in (None, "", []):
        return f"{what} removed"
    if isinstance(before, str) and isinstance(after, str):
        if _short(before) and _short(after):
            return f"{what} changed from {quote(before)} to {quote(after)}"
        return f"{what} reworded"
    return f"{what} edited"


def describer(owner: str, labels: Mapping[str, str] | None = None) -> Describer:
    """A function that words the change of any field of `owner`, found by its dotted path."""

    def describe(path: str, before: Any, after: Any) -> str:
        unit = UNITS.get(path.rsplit(".", 1)[-1], "")
        return sentence(subject(path, owner, labels or {}), before, after, unit=unit)

    return describe
