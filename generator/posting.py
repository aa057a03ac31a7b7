"""Normalise a job posting's plain text into title, summary, responsibilities and requirements.

Real postings are messy: odd or missing headings, every kind of bullet, prose paragraphs,
perks and equal-opportunity boilerplate. Every line kept is a substring of `JobPosting.text`,
so that evidence quoted from it is verbatim.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from generator import posting_rules as rules
from generator.posting_identity import clean_company, find_company, find_title
from generator.posting_scan import Item, scan

LineKind = Literal["responsibility", "requirement", "summary", "boilerplate", "company", "value"]


class PostingLine(BaseModel):
    """One normalised line of the posting and what part of the posting it belongs to."""

    text: str
    kind: LineKind
    section: str = ""
    preferred: bool = False
    bullet: bool = False


class JobPosting(BaseModel):
    """The user's job description, normalised, with the plain text kept for quoting."""

    title: str
    company: str | None = None
    location: str | None = None
    work_mode: str | None = None
    text: str
    lines: list[PostingLine] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)

    def of_kind(self, *kinds: LineKind) -> list[PostingLine]:
        """The lines of the given kinds, in posting order."""
        return [line for line in self.lines if line.kind in kinds]

    @property
    def responsibilities(self) -> list[str]:
        return [line.text for line in self.of_kind("responsibility")]

    @property
    def requirements(self) -> list[str]:
        return [line.text for line in self.of_kind("requirement")]

    @property
    def summary(self) -> str:
        sentences = [line.text for line in self.of_kind("summary")]
        return " ".join(sentences[:4] or [line.text for line in self.of_kind("company")][:2])

    @property
    def values(self) -> list[str]:
        return [line.text for line in self.of_kind("value")]


def parse_posting(text: str) -> JobPosting:
    """Split plain posting text into its parts.

    Args:
        text: the description as returned by `read_job_description`.

    Returns:
        A `JobPosting` whose lines are verbatim text of `JobPosting.text`.
    """
    found = scan(text)
    lines = _classify(found.items)
    plain = "\n".join(found.clean)
    facts = found.facts
    title, title_line, title_company = find_title(facts, found.headings, plain, found.top_heading)
    company = (
        facts.get("company")
        or facts.get("employer")
        or title_company
        or find_company(plain, found.headings)
    )
    mode = rules.WORK_MODE.search(plain[:3000])
    return JobPosting(
        title=title,
        company=clean_company(company) if company else None,
        location=facts.get("location") or facts.get("work location"),
        work_mode=mode.group(1).lower().replace(" ", "-") if mode else None,
        text=plain,
        lines=[line for line in lines if line.text not in {title, title_line}],
        facts=facts,
    )


def _classify(items: list[Item]) -> list[PostingLine]:
    lines: list[PostingLine] = []
    for section, text, bullet in items:
        pieces = [text] if bullet and len(text) < 300 else _sentences(text)
        for piece in pieces:
            kind = _kind(section, piece, bullet)
            lines.append(
                PostingLine(
                    text=piece,
                    kind=kind,
                    section=section,
                    bullet=bullet,
                    preferred=section == "preferred"
                    or bool(rules.PREFERRED_CUE.search(piece.strip())),
                )
            )
    return lines


def _kind(section: str, text: str, bullet: bool) -> LineKind:
    first = text.split()[0]
    duty = _is_duty_verb(first) and not first.endswith(",")  # "Clean, air-conditioned shop."
    if section in {"benefits", "eeo", "apply"}:
        return "boilerplate"
    if rules.BOILERPLATE.search(text) and not (duty and section == "responsibilities"):
        return "boilerplate"  # "Represent us to health plans" is a duty, not a perk
    if rules.APPLY_CUE.search(text) and not (duty or section == "responsibilities"):
        return "boilerplate"
    if section in {"values", "company"}:
        return "value" if section == "values" else "company"
    if section == "conditions":
        return "requirement" if rules.REQUIREMENT_CUE.search(text) else "summary"
    if rules.OWN_DUTY.match(text) and section != "preferred":
        return "responsibility"
    if section == "responsibilities":
        return "responsibility"
    if section in {"requirements", "preferred"}:
        return "requirement"
    if bullet and (duty or (section == "other" and _starts_with_verb(text))):
        return "responsibility"  # a verb-led bullet under an intro or an unknown heading
    if rules.RESPONSIBILITY_CUE.search(text) and not rules.REQUIREMENT_CUE.match(text):
        return "responsibility"
    if rules.REQUIREMENT_CUE.search(text):
        return "requirement"
    if duty:
        return "responsibility"
    if section == "other" and text.split()[0].lower() in {"we", "our", "we're", "we've"}:
        return "company"
    return "summary"


_NOT_VERBS = {
    "the",
    "a",
    "an",
    "our",
    "we",
    "this",
    "you",
    "your",
    "it",
    "strong",
    "excellent",
    "great",
}


def _starts_with_verb(text: str) -> bool:
    first = text.split()[0].lower().strip(",.;:")
    return first.isalpha() and first not in _NOT_VERBS


def _sentences(text: str) -> list[str]:
    merged: list[str] = []
    for piece in rules.SENTENCE_SPLIT.split(text):
        if merged and rules.ABBREVIATION_END.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [s.strip() for s in merged if len(s.strip()) > 2]


def _is_duty_verb(word: str) -> bool:
    """True for a duty verb in any of the forms postings use: plan, plans, planning."""
    w = word.lower().strip(",.;:")
    stems = {w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-4]} if len(w) > 4 else {w}
    return bool(stems & rules.DUTY_VERBS)
