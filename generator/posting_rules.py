"""Word lists and patterns that recognise the parts of a job posting.

Kept apart from the parser so that the vocabulary can grow without touching the logic.
"""

from __future__ import annotations

import re

# A glyph bullet may touch its text ("·Lead", "•Own"); "-", "*" and "+" need a space after them.
BULLET = re.compile(
    r"^(\s*)(?:[•·▪◦‣○●■□➢➤►✓✔](?=\s*\w)|(?:[-*+–—]|o(?=\s)|\(?\d{1,2}[.)]|\(?[a-h][.)](?=\s))\s)\s*"
)
# Markdown escapes as exported by editors: "\- Lead", "R\&D", "snake\_case".
MD_ESCAPE = re.compile(r"\\([-\\`*_{}\[\]()#+.!&<>|~])")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
BOLD_LINE = re.compile(r"^\s*(\*\*|__)([^*_]{2,80})\1\s*:?\s*$")
# A whole line in italics ("_Product Management:_", "*In the kitchen:*") is a sub-heading.
ITALIC_LINE = re.compile(r"^\s*([*_])\s*([^*_]{2,80}?)\s*\1\s*:?\s*$")
ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
LABEL_VALUE = re.compile(
    r"^(job title|title|position|role|company|employer|organisation|organization|location|"
    r"work location|department|division|team|reports to|reporting to|salary|salary range|pay|"
    r"pay range|compensation|schedule|hours|shift|shifts|contract|contract type|employment type|"
    r"job type|type|start date|closing date|date|date posted|posted|job id|job ref|reference|"
    r"req(?:uisition)? id|competition number|classification|grade|band)\s*(?:[:|]|[–-](?=\s))\s*"
    r"(.{2,200})$",
    re.I,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'(A-Z0-9])")

BOILERPLATE = re.compile(
    r"equal (employment )?opportunit|\beeo\b|regardless of (race|age|gender|sex|religion)|without regard to|"
    r"protected (veteran|characteristic|status)|affirmative action|reasonable accommodation|"
    r"we (celebrate|welcome|value) (diversity|applicants|applications)|inclusive (employer|workplace)|"
    r"401\(?k\)?|pension (scheme|plan|contribution)|(medical|health)\W+dental|dental (and vision|insurance|cover|plan)|vision (cover|insurance)|health (insurance|cover|plan)|"
    r"paid time off|\bpto\b|parental leave|annual leave|days? (of )?(holiday|vacation)|gym|wellness (stipend|allowance)|"
    r"competitive (salary|pay|compensation)|salary range|\b(salary|pay|wage|ote|rate)\b.{0,30}[$£€]\s?\d|[$£€]\s?\d[\d,.]*\s*(per|an?|/)\s*(hour|hr|year|annum)|"
    r"stock options|share options|(staff|employee) discount|^(benefits|perks)\b|\bbenefits include|^we offer\b|welcomes? (applicants|applications)|"
    r"adjustments (during|to) the (interview|recruitment)|recruitment agenc|visa sponsorship",
    re.I,
)
# How to apply: boilerplate too, unless the line is a duty ("Write and submit applications").
APPLY_CUE = re.compile(
    r"how to apply|to apply,|apply (now|today|online|here|via|through|by|in person)|"
    r"send (us )?your (cv|resume|résumé)|submit (your |an )(application|cv|resume)|cover letter",
    re.I,
)

REQUIREMENT_CUE = re.compile(
    r"^\d+\+?\s*(-\s*\d+\s*)?(years?|yrs)|\b\d+\+?\s*(years?|yrs)\s*(of|in|'|’|\+|experience)|\bexperience\b|\bknowledge\b|willing|degree|bachelor|master'?s|diploma|"
    r"licen[cs]e|certif|registration|registered with|knowledge of|understanding of|proficien|familiar|fluen|"
    r"ability to|able to|\bmust\b|required|you have|you are|background in|qualified|comfortable with|"
    r"track record|strong .{0,40}skills|excellent .{0,40}skills|skills in|eligib|clearance|physical(ly)? able|lift up to|"
    r"^you (care|enjoy|love|thrive|like|know|can|understand|communicate|write|take|get|bring|want)\b|"
    r"you('ll| will) (need|have|bring)\b|^(a |an )?(current|valid|active) .{0,40}(licen|certif|registration)",
    re.I,
)
# A sentence that says what the job holder will do, wherever in a prose paragraph it sits.
RESPONSIBILITY_CUE = re.compile(
    r"^(you('ll| will)|responsible for|help |work |own |lead |build |manage )|"
    r"\byou('ll| will) (?!need|have|bring|be (comfortable|able|expected to have))|"
    r"\b(responsible for|the role involves|role includes|duties include|your duties|tasks include)\b",
    re.I,
)
# "You'll own…" is a duty even in a list about the person.
OWN_DUTY = re.compile(
    r"^you('ll| will) (own|lead|run|manage|build|design|drive|work|be responsible)\b", re.I
)
MUST_CUE = re.compile(
    r"\bmust\b|\brequired\b|\brequirement\b|\bmandatory\b|\bessential\b|\bminimum\b|\bat least\b|"
    r"\d+\+?\s*(-\s*\d+\s*)?(years?|yrs)|licen[cs]e[d]?|certif(ied|icate|ication)|registered|registration|"
    r"clearance|\bcdl\b|\bcpr\b|\bbls\b",
    re.I,
)
PREFERRED_CUE = re.compile(
    r"^(nice to have|bonus|preferred|desirable|ideally)|\b(is|are|would be|as) (a |an )?(plus|asset|bonus|preferred|nice to have|helpful|advantage|advantageous|desirable)\W*$|"
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
META_LINE = re.compile(
    r"^([A-Z][\w&.'-]*(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,4})(?:\s*[·|—–,]|\s+-)\s+\S"
)
ABBREVIATION_END = re.compile(
    r"\b(St|Ave|Rd|Blvd|Ste|Dr|Mr|Mrs|Ms|Mt|No|Inc|Ltd|Co|vs|e\.g|i\.e|etc|approx)\.$|(?-i:\b[A-Z])\.$",
    re.I,
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
        "attend",
        "audit",
        "book",
        "brief",
        "bring",
        "build",
        "calm",
        "care",
        "chase",
        "check",
        "clean",
        "close",
        "coach",
        "collaborate",
        "collect",
        "communicate",
        "compile",
        "conduct",
        "contribute",
        "cook",
        "coordinate",
        "count",
        "create",
        "deliver",
        "design",
        "develop",
        "diagnose",
        "document",
        "draft",
        "drive",
        "drop",
        "educate",
        "encourage",
        "ensure",
        "enter",
        "establish",
        "evaluate",
        "execute",
        "facilitate",
        "file",
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
        "liaise",
        "lift",
        "load",
        "log",
        "maintain",
        "make",
        "manage",
        "measure",
        "meet",
        "mentor",
        "mix",
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
        "perform",
        "pick",
        "plan",
        "pour",
        "prep",
        "prepare",
        "present",
        "process",
        "produce",
        "prospect",
        "provide",
        "put",
        "raise",
        "read",
        "receive",
        "recommend",
        "reconcile",
        "record",
        "recruit",
        "reduce",
        "refer",
        "release",
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
        "size",
        "source",
        "spot",
        "stock",
        "supervise",
        "support",
        "take",
        "teach",
        "test",
        "track",
        "train",
        "translate",
        "troubleshoot",
        "tune",
        "turn",
        "unload",
        "update",
        "use",
        "verify",
        "visit",
        "watch",
        "weigh",
        "work",
        "write",
    ]
)
