"""Word lists and patterns that recognise the parts of a job posting.

Kept apart from the parser so that the vocabulary can grow without touching the logic.
"""

from __future__ import annotations

import re

BULLET = re.compile(r"^(\s*)(?:[-*+•·▪◦‣○●■□➢➤►✓✔–—]|o(?=\s)|\(?\d{1,2}[.)]|\(?[a-h][.)](?=\s))\s+")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
BOLD_LINE = re.compile(r"^\s*(\*\*|__)([^*_]{2,80})\1\s*:?\s*$")
LABEL_VALUE = re.compile(
    r"^(job title|title|position|role|company|employer|organisation|organization|location|"
    r"work location|department|team|reports to|reporting to|salary|pay|compensation|schedule|"
    r"hours|shift|shifts|contract|employment type|job type|type|start date|closing date)\s*[:|–-]\s+(.{2,160})$",
    re.I,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'(A-Z0-9])")

SECTION_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "preferred",
        re.compile(
            r"nice[ -]to[ -]have|preferred|bonus points|desirable|a plus|advantage|ideally|would be great",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"^why\b|benefit|perks|what we offer|we offer|why (join|work)|compensation|salary|rewards|what'?s in it|our offer|package",
            re.I,
        ),
    ),
    ("eeo", re.compile(r"equal opportunit|\beeo\b|diversity|inclusion|accommodation", re.I)),
    (
        "apply",
        re.compile(
            r"how to apply|to apply|application process|next steps|apply now|interested\?", re.I
        ),
    ),
    ("values", re.compile(r"our values|core values|what we value|values$", re.I)),
    (
        "responsibilities",
        re.compile(
            r"responsibilit|what you('| wi)ll (do|be doing|work on)|what you will do|you will spend|your day|day[ -]to[ -]day|"
            r"duties|key tasks|accountabilit|the role involves|in this role|your role|your impact|your mission|"
            r"^you will$|^you'll$|the work|what the job involves|main tasks|key activities|scope",
            re.I,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"requirement|qualification|looking for|you have|you bring|about you|who you are|skills|experience|"
            r"must[ -]haves?|essential|competenc|what you need|you('ll| will) need|ideal candidate|we'?d love|"
            r"what it takes|criteria|person spec|the person|knowledge",
            re.I,
        ),
    ),
    (
        "summary",
        re.compile(
            r"about the (role|job|position|opportunity)|overview|summary|^the role$|the position|job description|introduction|the opportunity|purpose|^position$",
            re.I,
        ),
    ),
    (
        "company",
        re.compile(
            r"^about (us|the company|the team|[A-Z][\w&.' -]{1,40})$|who we are|our story|our mission|the company|our company|how we work|our culture|^culture|life at|working (here|at)|^our commitment",
            re.I,
        ),
    ),
]

BOILERPLATE = re.compile(
    r"equal (employment )?opportunit|\beeo\b|regardless of (race|age|gender|sex|religion)|without regard to|"
    r"protected (veteran|characteristic|status)|affirmative action|reasonable accommodation|"
    r"we (celebrate|welcome|value) (diversity|applicants|applications)|inclusive (employer|workplace)|"
    r"401\(?k\)?|pension (scheme|plan|contribution)|dental|vision (cover|insurance)|health (insurance|cover|plan)|"
    r"paid time off|\bpto\b|parental leave|annual leave|days? (of )?(holiday|vacation)|gym|wellness (stipend|allowance)|"
    r"competitive (salary|pay|compensation)|salary range|\b(salary|pay|wage|ote|rate)\b.{0,30}[$£€]\s?\d|[$£€]\s?\d[\d,.]*\s*(per|an?|/)\s*(hour|hr|year|annum)|"
    r"stock options|share options|(staff|employee) discount|^(benefits|perks)\b|\bbenefits include|^we offer\b|welcomes? (applicants|applications)|"
    r"adjustments (during|to) the (interview|recruitment)|"
    r"how to apply|to apply,|apply (now|today|online|here|via|through|by)|send (us )?your (cv|resume|résumé)|"
    r"submit (your )?(application|cv|resume)|recruitment agenc|visa sponsorship|cover letter",
    re.I,
)

REQUIREMENT_CUE = re.compile(
    r"^\d+\+?\s*(-\s*\d+\s*)?(years?|yrs)|\b\d+\+?\s*(years?|yrs)\s*(of|in|'|’|\+|experience)|\bexperience\b|\bknowledge\b|willing|degree|bachelor|master'?s|diploma|"
    r"licen[cs]e|certif|registration|registered with|knowledge of|understanding of|proficien|familiar|fluen|"
    r"ability to|able to|\bmust\b|required|you have|you are|background in|qualified|comfortable with|"
    r"track record|strong .{0,40}skills|excellent .{0,40}skills|skills in|eligib|clearance|physical(ly)? able|lift up to",
    re.I,
)
RESPONSIBILITY_CUE = re.compile(
    r"^(you('ll| will)|responsible for|help |work |own |lead |build |manage )", re.I
)
MUST_CUE = re.compile(
    r"\bmust\b|\brequired\b|\brequirement\b|\bmandatory\b|\bessential\b|\bminimum\b|\bat least\b|"
    r"\d+\+?\s*(-\s*\d+\s*)?(years?|yrs)|licen[cs]e[d]?|certif(ied|icate|ication)|registered|registration|"
    r"clearance|\bcdl\b|\bcpr\b|\bbls\b",
    re.I,
)
PREFERRED_CUE = re.compile(
    r"^(nice to have|bonus|preferred|desirable|ideally)|\b(is|are|would be|as) (a |an )?(plus|bonus|preferred|nice to have|helpful|advantage|advantageous|desirable)\W*$|"
    r"\b(preferred|a plus|nice to have)\W*$|\(.*\ba plus\)\W*$",
    re.I,
)
WORK_MODE = re.compile(r"\b(fully remote|remote|hybrid|on[- ]?site|in[- ]office|in person)\b", re.I)
SENIORITY_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("executive", re.compile(r"\b(chief|vp|vice president|head of|director)\b", re.I)),
    ("lead", re.compile(r"\b(lead|principal|head|supervisor|team leader)\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?)\b", re.I)),
    (
        "junior",
        re.compile(
            r"\b(junior|jr\.?|entry[- ]level|graduate|trainee|apprentice|intern|assistant)\b", re.I
        ),
    ),
]
YEARS = re.compile(r"(\d{1,2})\+?\s*(?:-\s*\d+\s*)?(?:years?|yrs)", re.I)
TITLE_IN_PROSE = re.compile(
    r"\b(?:seeking|hiring|looking for|recruiting|need)\s+(?:an?|our next|a new)?\s*(?:passionate |talented |experienced |motivated |dedicated |reliable )?"
    r"([A-Z][\w/&+-]*(?:\s+(?:[A-Z][\w/&+-]*|of|and|&|-)){0,5})",
)
COMPANY_IN_PROSE = re.compile(
    r"(?:^|\.\s+)(?:At|Join)\s+([A-Z][\w&.'-]*(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,3})|"
    r"(?:^|\.[ \t]+)([A-Z][\w&.'-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.'-]*){0,3})[ \t]+(?:is|are|has|have|builds|makes|sells|runs|helps|"
    r"provides|serves|offers|operates|designs|develops|creates|delivers|roasts|employs|was)\b",
    re.M,
)
META_LINE = re.compile(r"^([A-Z][\w&.'-]*(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,3})\s*[·|—–,]\s+\S")
ABBREVIATION_END = re.compile(
    r"\b(St|Dr|Mr|Mrs|Ms|Mt|No|Inc|Ltd|Co|vs|e\.g|i\.e|etc|approx)\.$", re.I
)
DUTY_VERBS = frozenset(
    [
        "administer",
        "advise",
        "analyse",
        "analyze",
        "answer",
        "assess",
        "assist",
        "audit",
        "book",
        "brief",
        "build",
        "calm",
        "care",
        "chase",
        "clean",
        "close",
        "coach",
        "collaborate",
        "collect",
        "communicate",
        "conduct",
        "contribute",
        "coordinate",
        "cook",
        "create",
        "deliver",
        "design",
        "develop",
        "diagnose",
        "document",
        "drive",
        "educate",
        "encourage",
        "ensure",
        "establish",
        "evaluate",
        "execute",
        "facilitate",
        "follow",
        "forecast",
        "gather",
        "greet",
        "guide",
        "handle",
        "help",
        "hire",
        "hit",
        "hold",
        "identify",
        "implement",
        "improve",
        "inspect",
        "install",
        "interview",
        "investigate",
        "keep",
        "lead",
        "load",
        "maintain",
        "make",
        "manage",
        "mentor",
        "monitor",
        "negotiate",
        "notice",
        "onboard",
        "operate",
        "order",
        "organise",
        "organize",
        "own",
        "pack",
        "partner",
        "pick",
        "plan",
        "prepare",
        "present",
        "process",
        "produce",
        "prospect",
        "provide",
        "raise",
        "read",
        "recommend",
        "reconcile",
        "record",
        "recruit",
        "reduce",
        "repair",
        "report",
        "represent",
        "reproduce",
        "research",
        "resolve",
        "respond",
        "review",
        "run",
        "schedule",
        "sell",
        "serve",
        "set",
        "share",
        "ship",
        "spot",
        "stock",
        "supervise",
        "support",
        "take",
        "teach",
        "test",
        "track",
        "train",
        "troubleshoot",
        "tune",
        "turn",
        "unload",
        "update",
        "use",
        "watch",
        "work",
        "write",
    ]
)


def section_of(heading: str, current: str) -> str:
    """The section a heading opens; unknown headings keep the intro/summary or start 'other'."""
    for name, pattern in SECTION_WORDS:
        if pattern.search(heading):
            return name
    return current if current in {"intro", "summary"} else "other"
