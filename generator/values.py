"""Company values: find the ones a posting states, and align each competency with the one it expresses."""

from __future__ import annotations

import re

from generator.library import LibraryCompetency
from generator.posting import JobPosting
from generator.text import tokens

MAX_VALUES = 8
MAX_WORDS = 4

# A line that opens a list of values: "Our values", "What we value", "Core values:".
_VALUES_HEADING = re.compile(
    r"^(?:our |core |company |the )*values|what we value|what we stand for|how we work$", re.I
)
# Values given inline: "Our values: Craft, Generosity" or "Our values are craft and care".
_INLINE = re.compile(
    r"(?:^|(?<=[.!?] ))(?:our |core |company )*values(?: are)?\s*[:–—-]?\s+(?P<list>[^.!?]+)",
    re.I,
)
# Values given in prose: "We value craft, generosity and consistency."
_PROSE = re.compile(
    r"\b(?:we value|our (?:core )?values are|we live by|we stand for)\s+(?P<list>[^.!?;]+)", re.I
)
# Prose that is about hiring fairly, not about the company's values.
_NOT_VALUES = re.compile(
    r"applica|applicant|candidates|equal|regardless|background|divers|inclusi|disabilit|feedback from",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\||•|·|/|&|\band\b|\bor\b)\s*", re.I)
# Where a value's name ends in a list item: "Courage — we ...", "Kindness. We ...", "Ownership: ...".
_NAME_END = re.compile(r"\s+[—–-]\s+|\s*[:.!]\s+|\s*[:.!]$|\s+[—–]")
# A heading that opens another part of the posting, which ends a list of values.
_OTHER_HEADING = re.compile(
    r"^(?:about|responsibilit|requirement|qualification|benefit|perks|what (?:we offer|you)|"
    r"why (?:join|work)|how to apply|the role|your role|skills|experience|duties|"
    r"who you are|location|salary|pay\b|schedule|hours|equal opportunit)",
    re.I,
)
_SMALL_WORDS = {"and", "of", "the", "to", "in", "for", "with", "a", "an", "on", "at", "by"}

# Words that tie common company values to competencies when the value's own words do not.
VALUE_HINTS = {
    "ownership": "accountability reliable deadlines responsibility own",
    "accountab": "reliable deadlines own errors honest report",
    "curio": "learn learning research insights questions",
    "customer": "customer customers client clients patients service",
    "integrity": "safety compliance honest controls confidentiality accurate",
    "excellen": "quality accuracy detail standards",
    "quality": "quality accuracy detail standards",
    "craft": "quality technique detail skill precision standards presentation",
    "generos": "collaboration colleagues service coaching mentoring help support share teach warm welcoming attentive",
    "consisten": "standards reliability reliable consistent procedures routines accuracy checks records logs",
    "reliab": "reliable reliability deadlines dependable standards",
    "innovat": "improvement improve creative design solve problems",
    "respect": "dignity respect relationships listening",
    "care": "care patients dignity wellbeing compassionate",
    "kind": "care dignity compassion patients support colleagues",
    "team": "team collaboration colleagues together",
    "collaborat": "team collaboration colleagues together partners",
    "safe": "safety safe hazards",
    "trust": "relationships honest trusted advisor confidentiality",
    "growth": "learning growth develop expansion",
    "learn": "learning develop feedback adapt",
    "simplic": "clear communication simple",
    "transparen": "communication honest report",
    "courage": "escalate speak challenge difficult",
    "fearless": "escalate challenge difficult communication",
    "responsive": "resolve issues respond quickly service",
    "tenac": "persistent relationships follow renewal",
    "evolv": "learning adapt change keep up",
    "service": "customer service guests clients help",
    "hospitality": "guests service welcome customer",
    "precision": "accuracy detail quality standards",
}
# Overlap a value needs with a competency before the competency is said to express it.
_MIN_FIT = 2
# Words of a value's name too common to tie it to a competency by themselves.
_GENERIC = {"first", "put", "act", "always", "best", "make", "people", "every", "together"}


def values_from_posting(posting: JobPosting) -> list[str]:
    """The names of the company values a posting states (at most 8, short and title-cased).

    Args:
        posting: the parsed posting; its plain text and value lines are read.

    Returns:
        Value names such as "Craft" or "Put People First", in the posting's order; empty when
        the posting states none.
    """
    found: list[str] = []
    in_list = False
    for line in (line.strip() for line in posting.text.split("\n")):
        heading = line.rstrip(":").strip()
        if _VALUES_HEADING.fullmatch(heading):
            in_list = True
            continue
        inline = _INLINE.search(line)
        if inline:
            found += _split_list(inline.group("list"))
            in_list = False
            continue
        if not _NOT_VALUES.search(line):
            for match in _PROSE.finditer(line):
                found += _split_list(match.group("list"))
        if in_list:
            names = _item_names(line)
            in_list = bool(names)
            found += names
    # The parser's value lines catch lists under headings the text walk does not know.
    found += [name for line in posting.of_kind("value") for name in _item_names(line.text)]
    unique = list(dict.fromkeys(found))
    return unique[:MAX_VALUES]


def _split_list(text: str) -> list[str]:
    """Value names from "craft, generosity and consistency"; none when a piece is a whole clause."""
    pieces = [p.strip(" .\"'“”") for p in _LIST_SPLIT.split(text) if p.strip(" .\"'“”")]
    if not pieces or any(len(p.split()) > MAX_WORDS for p in pieces):
        return []
    return [name for p in pieces if (name := _title(p))]


def _item_names(line: str) -> list[str]:
    """The values one line under a values heading names: one item, or a list of several."""
    listed = _split_list(line) if "," in line else []
    if len(listed) > 1:
        return listed
    name = _item_name(line)
    return [name] if name else []


def _item_name(line: str) -> str | None:
    """The value a list item names ("Courage — we speak up" gives "Courage"), or None."""
    if _OTHER_HEADING.match(line):
        return None  # the next section's heading ends the list
    end = _NAME_END.search(line)
    head = line[: end.start()] if end else line
    if len(head.split()) > MAX_WORDS:
        return None
    return _title(head)


def _title(text: str) -> str | None:
    """Title-case a short name, keeping acronyms; None when it is not a name of 1-4 words."""
    words = text.strip(" .,:;*_\"'“”").split()
    if not 1 <= len(words) <= MAX_WORDS or not all(any(c.isalpha() for c in w) for w in words):
        return None
    if words[0].lower() in {"we", "you", "our", "i"}:
        return None
    out = [
        w if (w.isupper() and len(w) > 1) or (i and w.lower() in _SMALL_WORDS) else w.capitalize()
        for i, w in enumerate(words)
    ]
    out = [w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(out)]
    return " ".join(out)


def value_words(value: str) -> set[str]:
    """The words a value stands for: its own, and the hints for the value's stem."""
    words = set(tokens(value))
    for key, hint in VALUE_HINTS.items():
        if key in value.lower():
            words |= set(tokens(hint))
    return words


def align_value(entry: LibraryCompetency, values: list[str]) -> str | None:
    """The company value this competency best expresses, or None when none fits.

    A value fits when its name, or the words it stands for, overlap the competency's name,
    keywords and definition in at least two words (or in the value's own name, or in the
    competency's name); among the
    values that fit, the one whose words the competency covers best wins.
    """
    doc = set(tokens(entry.document))
    name = set(tokens(entry.name))
    best, best_score = None, 0.0
    for value in values:
        words = value_words(value)
        overlap = words & doc
        own = (set(tokens(value)) - _GENERIC) & doc
        if len(overlap) < _MIN_FIT and not own and not overlap & name:
            continue
        # Share of the value's words the competency covers, so a value with many hints
        # does not win every competency; its own name counts double.
        score = (len(overlap) + 2 * len(own)) / max(len(words), 1) + 0.01 * len(overlap)
        if score > best_score:
            best, best_score = value, score
    return best
