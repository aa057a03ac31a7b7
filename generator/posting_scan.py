"""Walk a posting's raw lines: headings set the section, bullets and prose become items.

Every item's text is also kept, as is, in the clean lines that become `JobPosting.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from generator import posting_rules as rules
from generator.markup import strip_inline_markup
from generator.posting_front import front_matter, is_noise, label_facts
from generator.posting_sections import STRONG_SECTIONS, known_section, section_of, subsection_of

_LEADING_ESCAPE = re.compile(r"^(\s*)\\([-*+#])")
_WEAK_SECTIONS = {"summary", "company", "values"}
_META_LINE = re.compile(r"^[^.!?]{2,80}(\s[·|]\s[^.!?]{2,60}){1,6}$")


class Item(NamedTuple):
    """A paragraph or bullet of the posting and the section it sits in."""

    section: str
    text: str
    bullet: bool


class Heading(NamedTuple):
    """A heading line: its text, any text after "Heading:" on the same line, and its kind."""

    text: str
    rest: str
    level: int  # 1-6 for Markdown headings, 7 for bold or italic sub-headings, 0 for plain ones


@dataclass
class Scan:
    """What a walk over the posting's lines found."""

    items: list[Item] = field(default_factory=list)
    clean: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    top_heading: str = ""  # the first "# " heading (an HTML page's <h1>)


def scan(text: str) -> Scan:
    """Split posting text into items, clean lines, facts and headings."""
    raw_lines = text.split("\n")
    facts, start = front_matter(raw_lines)
    found = Scan(facts=facts)
    section, level, leading = "intro", 0, True
    for raw in raw_lines[start:]:
        raw = _LEADING_ESCAPE.sub(r"\1\2", raw)
        if not raw.strip():
            continue
        heading = _heading(raw)
        if heading is not None:
            if heading.level == 1 and not found.top_heading:
                found.top_heading = heading.text
            found.headings.append(heading.text)
            found.clean.append(heading.text)
            section, level = _next_section(heading, section, level)
            leading = leading and not known_section(heading.text)
            if heading.rest:
                found.clean.append(heading.rest)
                found.items.append(Item(section, heading.rest, False))
            continue
        bullet = rules.BULLET.match(raw)
        content = strip_inline_markup(raw[bullet.end() :] if bullet else raw)
        if not content or not any(ch.isalnum() for ch in content) or is_noise(content):
            continue
        facts = {} if bullet else label_facts(content, leading=leading)
        found.clean.append(content)
        if facts:
            for key, value in facts.items():
                found.facts.setdefault(key, value)
            continue
        if section == "intro" and not bullet and _META_LINE.search(content):
            continue  # "Columbus, OH · Hybrid · Full time": facts about the job, not its summary
        leading = leading and not content.endswith((".", "!", "?")) and len(content.split()) <= 20
        follows = (
            len(found.clean) > 1 and bool(found.items) and found.clean[-2] == found.items[-1].text
        )
        if _add_item(found.items, Item(section, content, bool(bullet)), joinable=follows):
            found.clean[-2:] = [" ".join(found.clean[-2:])]  # keep the joined line verbatim
    found.items = _without_group_labels(found.items)
    return found


def _without_group_labels(items: list[Item]) -> list[Item]:
    """Drop short plain lines that only label the bullets under them ("Project leadership")."""
    kept = []
    for item, after in zip(items, [*items[1:], None], strict=True):
        label = (
            not item.bullet
            and after is not None
            and after.bullet
            and after.section == item.section
            and len(item.text.split()) <= 5
            and not item.text.endswith((".", "!", "?", ";", ","))
        )
        if not label:
            kept.append(item)
    return kept


def _add_item(items: list[Item], item: Item, *, joinable: bool) -> bool:
    """Append an item, or join a line that carries on the last paragraph (then return True).

    Only a plain line right after the last item (`joinable`) can carry it on.
    """
    last = items[-1] if items else None
    text = item.text
    if (
        last
        and joinable
        and not item.bullet
        and text[0].islower()
        and not last.text.endswith((".", ":"))
    ):
        items[-1] = Item(last.section, f"{last.text} {text}", last.bullet)
        return True
    items.append(item)
    return False


def _next_section(heading: Heading, section: str, level: int) -> tuple[str, int]:
    """The section and heading level after a heading.

    A sub-heading (bold or italic, or a Markdown heading deeper than the last one that named a
    section) that names no section keeps the current one: duties under "Responsibilities"
    grouped by "_Strategy:_" stay duties.
    """
    named = known_section(heading.text)
    deeper = bool(level) and level < heading.level < 7
    if named:
        return named, level if deeper else heading.level
    if heading.level == 7 or deeper:
        return subsection_of(heading.text, section), level
    return section_of(heading.text, section), 0


def _heading(raw: str) -> Heading | None:
    """The heading a raw line is, or None when it is a bullet or text."""
    md = rules.MD_HEADING.match(raw)
    if md:
        depth = raw[: md.end()].count("#")
        return Heading(strip_inline_markup(raw[md.end() :]).rstrip(":").strip(), "", depth)
    emphasis = rules.BOLD_LINE.match(raw) or rules.ITALIC_LINE.match(raw)
    if emphasis:
        return Heading(strip_inline_markup(emphasis.group(2)).rstrip(":").strip(), "", 7)
    if rules.BULLET.match(raw):
        return None
    line = strip_inline_markup(raw)
    words = line.split()
    if not words:
        return None
    if line.endswith(":") and len(words) <= 10:
        return Heading(line.rstrip(":").strip(), "", 0)
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(words) <= 8:
        return Heading(line.rstrip(":"), "", 0)
    named = known_section(line)
    if not line.endswith((".", "!", "?", ",")) and (
        (len(words) <= 6 and named in STRONG_SECTIONS)
        or (len(words) <= 7 and named in _WEAK_SECTIONS | {"conditions"})
    ):
        return Heading(line, "", 0)
    head, sep, rest = line.partition(":")
    if (
        sep
        and rest.strip()
        and len(head.split()) <= 5
        and known_section(head) not in {"", "summary", "company", "conditions"}
        and not rules.LABEL_VALUE.match(line)
    ):
        return Heading(head.strip(), rest.strip(), 0)
    return None
