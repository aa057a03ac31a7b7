"""Normalise a job posting's plain text into title, summary, responsibilities and requirements.

Real postings are messy: odd or missing headings, every kind of bullet, prose paragraphs,
perks and equal-opportunity boilerplate. Every line kept is a substring of `JobPosting.text`,
so that evidence quoted from it is verbatim.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from generator import posting_rules as rules
from generator.markup import strip_inline_markup
from generator.posting_identity import find_company, find_title

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
        return " ".join(sentences[:4])

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
    items, clean_lines, facts, headings = _scan(text)
    lines = _classify(items)
    plain = "\n".join(clean_lines)
    title, title_line = find_title(facts, headings, plain)
    company = facts.get("company") or facts.get("employer") or find_company(plain, headings)
    mode = rules.WORK_MODE.search(plain[:3000])
    return JobPosting(
        title=title,
        company=company,
        location=facts.get("location") or facts.get("work location"),
        work_mode=mode.group(1).lower().replace(" ", "-") if mode else None,
        text=plain,
        lines=[line for line in lines if line.text not in {title, title_line}],
        facts=facts,
    )


def _scan(text: str) -> tuple[list[tuple[str, str, bool]], list[str], dict[str, str], list[str]]:
    """Walk the raw lines: headings set the section, bullets and prose become items."""
    items: list[tuple[str, str, bool]] = []  # (section, text, is_bullet)
    clean: list[str] = []
    facts: dict[str, str] = {}
    headings: list[str] = []
    section = "intro"
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        heading = _heading(raw)
        if heading is not None:
            head, rest = heading
            headings.append(head)
            clean.append(head)
            section = rules.section_of(head, section)
            if rest:
                clean.append(rest)
                items.append((section, rest, False))
            continue
        bullet = rules.BULLET.match(raw)
        content = strip_inline_markup(raw[bullet.end() :] if bullet else raw)
        if not content or not any(ch.isalnum() for ch in content):
            continue
        clean.append(content)
        label = rules.LABEL_VALUE.match(content)
        if label and not bullet:
            facts[label.group(1).lower()] = label.group(2).strip()
            continue
        continuation = (
            items and not bullet and content[0].islower() and not items[-1][1].endswith((".", ":"))
        )
        if continuation:
            sec, prev, was_bullet = items[-1]
            items[-1] = (sec, f"{prev} {content}", was_bullet)
        else:
            items.append((section, content, bool(bullet)))
    return items, clean, facts, headings


def _heading(raw: str) -> tuple[str, str] | None:
    """Return (heading, inline rest) when the raw line is a heading, else None."""
    if rules.MD_HEADING.match(raw):
        return strip_inline_markup(rules.MD_HEADING.sub("", raw)).rstrip(":"), ""
    bold = rules.BOLD_LINE.match(raw)
    if bold:
        return bold.group(2).strip().rstrip(":"), ""
    if rules.BULLET.match(raw):
        return None
    line = strip_inline_markup(raw)
    words = line.split()
    if not words:
        return None
    if line.endswith(":") and len(words) <= 10:
        return line.rstrip(":").strip(), ""
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(words) <= 8:
        return line.rstrip(":"), ""
    if (
        len(words) <= 6
        and not line.endswith((".", "!", "?", ","))
        and rules.section_of(line, "")
        in {
            "responsibilities",
            "requirements",
            "benefits",
            "preferred",
            "apply",
            "eeo",
        }
    ):
        return line, ""
    head, sep, rest = line.partition(":")
    if (
        sep
        and rest.strip()
        and len(head.split()) <= 5
        and rules.section_of(head, "") not in {"", "summary", "company"}
        and not rules.LABEL_VALUE.match(line)
    ):
        return head.strip(), rest.strip()
    return None


def _classify(items: list[tuple[str, str, bool]]) -> list[PostingLine]:
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
    if section in {"benefits", "eeo", "apply"} or rules.BOILERPLATE.search(text):
        return "boilerplate"
    if section == "values":
        return "value"
    if section == "company":
        return "company"
    if section == "responsibilities":
        return "responsibility"
    if section in {"requirements", "preferred"}:
        return "requirement"
    if rules.REQUIREMENT_CUE.search(text):
        return "requirement"
    if rules.RESPONSIBILITY_CUE.search(text) or _is_duty_verb(text.split()[0]):
        return "responsibility"
    if bullet and section not in {"intro", "summary", "other"} and _starts_with_verb(text):
        return "responsibility"
    if section == "other" and text.split()[0].lower() in {"we", "our", "we're", "we've"}:
        return "company"
    if section in {"intro", "summary", "other"}:
        return "summary"
    return "responsibility"


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
