"""Facts at the top of a posting: a front-matter block and the `Key: value` lines under the title.

Postings exported from job boards and static sites often open with a YAML-style block between
`---` lines, or with lines such as `Location: Leeds` and `Closing date: 3 May`. These are facts
about the job, not duties or summary text, so they are read into `JobPosting.facts`.
"""

from __future__ import annotations

import re

from generator import posting_rules as rules
from generator.posting_sections import known_section

_FENCE = re.compile(r"^\s*---+\s*$")
_YAML_PAIR = re.compile(r"^\s*([A-Za-z][\w -]{0,30}?)\s*:\s*(.*?)\s*$")
# A leading label: a short capitalised key, a colon, a value ("Competition number: LSWD-17").
# "Monday to Thursday, 6:00 AM" is not a label: a key holds no digits and no commas.
_LEADING_LABEL = re.compile(r"^([A-Z][A-Za-z/&() -]{1,30}?)\s*:\s+(\S.{0,200})$")
_VALUE_SEPARATOR = re.compile(r"\s+[·|•]\s+")
_NAVIGATION = re.compile(r"^\s*(←|<|«|back to\b)|\s[>›»]\s", re.I)


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read a `---` front-matter block at the very top; return its facts and the next line index."""
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or not _FENCE.match(lines[start]):
        return {}, 0
    for end in range(start + 1, min(len(lines), start + 60)):
        if _FENCE.match(lines[end]):
            facts: dict[str, str] = {}
            for line in lines[start + 1 : end]:
                pair = _YAML_PAIR.match(line)
                if pair and pair.group(2):
                    facts[pair.group(1).lower()] = pair.group(2).strip("\"'")
            return facts, end + 1
    return {}, 0


def label_facts(content: str, *, leading: bool) -> dict[str, str]:
    """The facts a `Key: value` line states, or {} when the line is not one.

    Known labels (location, salary, closing date...) count anywhere; any short capitalised key
    counts while still in the lines at the top of the posting (`leading`). A value holding
    more `Key: value` parts joined by "·" or "|" is split into facts of their own.
    """
    label = rules.LABEL_VALUE.match(content)
    if label:
        key, value = label.group(1), label.group(2)
    else:
        loose = _LEADING_LABEL.match(content) if leading else None
        if not loose or len(loose.group(1).split()) > 4 or known_section(loose.group(1)):
            return {}
        key, value = loose.group(1), loose.group(2)
    parts = _VALUE_SEPARATOR.split(value.strip())
    facts = {key.lower().strip(): parts[0].strip()}
    for part in parts[1:]:
        more = _LEADING_LABEL.match(part)
        if more:
            facts.setdefault(more.group(1).lower().strip(), more.group(2).strip())
    return facts


def is_noise(content: str) -> bool:
    """True for lines that carry no posting text: a bare date stamp or a breadcrumb trail."""
    if rules.ISO_DATE.match(content):
        return True
    return len(content.split()) <= 8 and bool(_NAVIGATION.search(content))
