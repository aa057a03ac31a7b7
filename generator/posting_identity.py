"""Who is hiring for what: the role title and the company, read from a posting's plain text."""

from __future__ import annotations

import re

from generator import posting_rules as rules
from generator.posting_sections import known_section

_TITLE_NOISE = re.compile(
    r"\s*(\(.*?\)|[|–—].*|-\s+(remote|hybrid|on-?site|full[- ]time|part[- ]time|(day|night|evening|weekend|\d\w*) shift).*)$",
    re.I,
)
_TITLE_PREFIX = re.compile(
    r"^(job title|we'?re hiring|now hiring|hiring|vacancy|job|position|role)\s*[:!-]\s*", re.I
)
# "Product Manager at Just", "Part-time receptionist needed at Lakeside Physiotherapy."
_AT_COMPANY = re.compile(
    r"^(.{2,80}?)(?:\s+(?:needed|wanted|required))?\s+(?:at|@)\s+"
    r"([A-Z][\w&.'’-]*(?:\s+(?:&\s+|of\s+)?[A-Z][\w&.'’-]*){0,5})\.?$"
)
# "Store Manager – Cedar & Twine Home (Charlotte, NC)": the part after the dash, if a company.
_DASH_TAIL = re.compile(r"^(.{2,80}?)\s+[-–—|]\s+(.+?)\s*(\([^()]*\))?$")
_COMPANY_WORD = re.compile(
    r"\b(Inc|LLC|LLP|Ltd|Limited|Co|Corp|Company|Group|Foods|Hotels?|Trust|Bank|Partners|"
    r"Hospital|Clinic|Council|Ministry|University|School|Agency|Labs?|Studio|Holdings)\b\.?"
)
_ORGANISATION = re.compile(
    r"^(Ministry|Department|Office|City|County|Council|University|Province|State|Government) (of|for) "
)
_PLACE_TAIL = re.compile(r"\s*\((?=[^()]*\b(remote|hybrid|on-?site|[A-Z]{2}\b|[a-z]+, )).*\)$")
# Acronyms that an all-capitals title keeps when it is put in title case.
_ACRONYMS = frozenset(
    [
        "AI",
        "API",
        "AWS",
        "BI",
        "CAD",
        "CDL",
        "CEO",
        "CFO",
        "CNA",
        "CNC",
        "COO",
        "CPA",
        "CRM",
        "CTO",
        "CVT",
        "EHS",
        "EMT",
        "ERP",
        "ESG",
        "GP",
        "HGV",
        "HR",
        "HSE",
        "HVAC",
        "ICU",
        "II",
        "III",
        "IT",
        "IV",
        "LGV",
        "LPN",
        "LVT",
        "ML",
        "NHS",
        "NP",
        "OT",
        "PA",
        "PLC",
        "PMO",
        "PR",
        "QA",
        "QC",
        "RN",
        "RVT",
        "SEO",
        "SOC",
        "SQL",
        "SRE",
        "UI",
        "UX",
        "VP",
    ]
)


def find_title(
    facts: dict[str, str], headings: list[str], plain: str, top_heading: str = ""
) -> tuple[str, str, str | None]:
    """The role title, the line it was read from ("" if none) and a company the line names."""
    for key in ("job title", "title", "position", "role"):
        if key in facts:
            return clean_title(facts[key]), "", None
    first = plain.split("\n", 1)[0]
    line = top_heading if top_heading and len(top_heading.split()) <= 12 else ""
    for head in headings[:2]:
        if not line and head == first and not known_section(head) and len(head.split()) <= 12:
            line = head
    if not line and len(clean_title(first).split()) <= 8 and not first.endswith("."):
        line = first
    if line or _AT_COMPANY.match(first):
        title, company = split_title(line or first, plain)
        return title, line or first, company
    match = rules.TITLE_IN_PROSE.search(plain[:1500])
    if match:
        return clean_title(match.group(1)), "", None
    lead = re.split(r"[,.;:!?(]", first)[0]
    if len(lead.split()) <= 6:
        return clean_title(lead), "", None
    return clean_title(" ".join(first.split()[:6])), "", None


def split_title(line: str, plain: str) -> tuple[str, str | None]:
    """Split "<Role> at <Company>" (or "<Role> – <Company>" when clearly a company) in two."""
    at = _AT_COMPANY.match(line)
    if at:
        company = at.group(2)
        if company.endswith(".") and not rules.ABBREVIATION_END.search(company):
            company = company[:-1]  # the sentence's full stop, not "Co." or "Inc."
        return clean_title(at.group(1)), company
    dash = _DASH_TAIL.match(line)
    if dash:
        tail = dash.group(2).strip()
        body = plain.split("\n", 1)[-1]
        named = {(m.group(1) or m.group(2) or "") for m in rules.COMPANY_IN_PROSE.finditer(body)}
        if _COMPANY_WORD.search(tail) or tail in named:
            return clean_title(dash.group(1)), tail
    return clean_title(line), None


def clean_title(title: str) -> str:
    """A title without "Job title:" prefixes, trailing locations or shifts, in title case."""
    title = _TITLE_PREFIX.sub("", title.strip())
    if title.isupper():
        title = " ".join(_title_case(w) for w in title.split())
    title = _TITLE_NOISE.sub("", title).strip(" .:-")
    return title or "the role"


def _title_case(word: str) -> str:
    if word.strip("(),/") in _ACRONYMS or any(c.isdigit() for c in word):
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def _named_the(words: list[str]) -> bool:
    """True for a name such as "The Linden Hotel": "The" and then capitalised words."""
    return words[0] == "The" and len(words) > 1 and words[1][:1].isupper()


def clean_company(name: str) -> str:
    """A company name without a trailing "(City – hybrid)" or full stop."""
    return _PLACE_TAIL.sub("", name.strip()).strip(" ,") or name.strip()


_NOT_COMPANY = {"the", "you", "we", "our", "this", "in", "as", "a", "an", "about", "join", "your"}


def find_company(plain: str, headings: list[str]) -> str | None:
    """The hiring company named by an "About X" heading, a line under the title or the prose."""
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
    for line in head_lines[1:4]:  # "Ministry of Labour, Skills and Workforce Development"
        name = re.split(r"\s+[-–—|·]\s+", line)[0]
        if len(name.split()) <= 10 and not name.endswith(".") and _ORGANISATION.match(name):
            return name.strip()
    for line in head_lines[1:]:
        meta = rules.META_LINE.match(line)
        words = meta.group(1).split() if meta else []
        if meta and len(line) < 120 and (words[0].lower() not in _NOT_COMPANY or _named_the(words)):
            return meta.group(1).strip()
    for m in rules.COMPANY_IN_PROSE.finditer(plain[:3000]):
        name = (m.group(1) or m.group(2) or "").strip()
        if name and name.split()[0].lower() not in _NOT_COMPANY:
            return name
    return None
