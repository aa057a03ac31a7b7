"""Who is hiring for what: the role title and the company, read from a posting's plain text."""

from __future__ import annotations

import re

from generator import posting_rules as rules

_TITLE_NOISE = re.compile(
    r"\s*(\(.*?\)|[|–—].*|-\s+(remote|hybrid|on-?site|full[- ]time|part[- ]time).*)$", re.I
)
_TITLE_PREFIX = re.compile(
    r"^(job title|we'?re hiring|now hiring|hiring|vacancy|job|position|role)\s*[:!-]\s*", re.I
)


def find_title(facts: dict[str, str], headings: list[str], plain: str) -> tuple[str, str]:
    """Return the role title and the posting line it was read from ("" when from prose)."""
    for key in ("job title", "title", "position", "role"):
        if key in facts:
            return clean_title(facts[key]), ""
    first = plain.split("\n", 1)[0]
    for head in headings[:2]:
        if rules.section_of(head, "") in {"", "other"} and len(head.split()) <= 8 and head == first:
            return clean_title(head), head
    if len(first.split()) <= 8 and not first.endswith("."):
        return clean_title(first), first
    match = rules.TITLE_IN_PROSE.search(plain[:1500])
    if match:
        return clean_title(match.group(1)), ""
    lead = re.split(r"[,.;:!?(]", first)[0]
    if len(lead.split()) <= 6:
        return clean_title(lead), ""
    return clean_title(" ".join(first.split()[:6])), ""


def clean_title(title: str) -> str:
    title = _TITLE_PREFIX.sub("", title.strip())
    if title.isupper():
        title = " ".join(
            w if any(c.isdigit() for c in w) else w.capitalize() for w in title.split()
        )
    title = _TITLE_NOISE.sub("", title).strip(" .:-")
    return title or "the role"


_NOT_COMPANY = {"the", "you", "we", "our", "this", "in", "as", "a", "an", "about", "join", "your"}


def find_company(plain: str, headings: list[str]) -> str | None:
    for head in headings:
        m = re.match(r"^about\s+(.+)$", head, re.I)
        if m and m.group(1).split()[0].lower() not in _NOT_COMPANY | {
            "role",
            "us",
            "team",
            "company",
            "position",
            "job",
        }:
            return m.group(1).strip()
    head_lines = plain.split("\n")[:6]
    for line in head_lines[1:]:
        meta = rules.META_LINE.match(line)
        if meta and len(line) < 120 and meta.group(1).split()[0].lower() not in _NOT_COMPANY:
            return meta.group(1).strip()
    for m in rules.COMPANY_IN_PROSE.finditer(plain[:3000]):
        name = (m.group(1) or m.group(2) or "").strip()
        if name and name.split()[0].lower() not in _NOT_COMPANY:
            return name
    return None
