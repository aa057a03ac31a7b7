"""Heading vocabulary: which part of a job posting a heading opens.

Kept apart from the parser so that the words postings use for their headings can grow without
touching the logic that walks the lines.
"""

from __future__ import annotations

import re

# Order matters: the first pattern that matches a heading names its section.
SECTION_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "preferred",
        re.compile(
            r"nice[ -]to[ -]have|preferred|bonus points|desirable|a plus|advantage|ideally|"
            r"would be great|is an asset|assets?$",
            re.I,
        ),
    ),
    (
        "apply",
        re.compile(
            r"how to apply|to apply|application process|next steps|apply now|interested\?|"
            r"how we hire|hiring process|our process|interview process|selection process",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"^why\b|benefit|perks|what we offer|we offer|why (join|work)|compensation|salary|"
            r"rewards|what'?s in it|our offer|package|^pay\b",
            re.I,
        ),
    ),
    (
        "eeo",
        re.compile(
            r"^equality|equal opportunit|employment equity|\beeo\b|diversity|inclusion|accommodation",
            re.I,
        ),
    ),
    ("values", re.compile(r"our values|core values|what we value|values$", re.I)),
    (
        "conditions",
        re.compile(
            r"^(schedule|hours|working hours|shift pattern|work environment|working conditions|"
            r"physical demands|travel|security screening|safeguarding|location)$",
            re.I,
        ),
    ),
    (
        "responsibilities",
        re.compile(
            r"responsibilit|what you('| wi)ll (do|be doing|work on)|what you will do|"
            r"what the .{1,30} will do|you will spend|your day|day[ -]to[ -]day|typical day|"
            r"a typical week|duties|key tasks|accountabilit|the role involves|in this role|your role|"
            r"your impact|your mission|^you will$|^you'll$|the work|what the job involves|"
            r"main tasks|key activities|scope|essential functions|job functions|^the job$|"
            r"what you('| wi)ll own|you('ll| will) be",
            re.I,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"requirement|qualification|looking for|you have|you bring|you('ll| will) bring|"
            r"about you|who you are|skills|experience|must[ -]haves?|essential|competenc|"
            r"what you need|you('ll| will) need|we need from you|ideal candidate|we'?d love|"
            r"what it takes|criteria|person spec|the person|knowledge|good fit|education|"
            r"^language",
            re.I,
        ),
    ),
    (
        "summary",
        re.compile(
            r"about the (role|job|position|opportunity)|overview|summary|^the role$|"
            r"the position|job description|introduction|the opportunity|purpose|^position$",
            re.I,
        ),
    ),
    (
        "company",
        re.compile(
            r"^about (us|the company|the team|the ministry|the branch|the department|"
            r"the division|[A-Z][\w&.' -]{1,40})$|who we are|our story|our mission|the company|"
            r"our company|how we work|our culture|^culture|life at|working (here|at)|"
            r"^our commitment",
            re.I,
        ),
    ),
]

# Headings that open a part of the posting strongly enough to count as headings on their own.
STRONG_SECTIONS = {"responsibilities", "requirements", "benefits", "preferred", "apply", "eeo"}


def known_section(heading: str) -> str:
    """The section a heading names, or "" when its words name none."""
    for name, pattern in SECTION_WORDS:
        if pattern.search(heading):
            return name
    return ""


def section_of(heading: str, current: str) -> str:
    """The section a heading opens; unknown headings keep the intro/summary or start 'other'."""
    return known_section(heading) or (current if current in {"intro", "summary"} else "other")


def subsection_of(heading: str, current: str) -> str:
    """The section a sub-heading opens: a sub-heading naming no section keeps the current one."""
    return known_section(heading) or current
