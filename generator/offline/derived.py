"""Competencies built from the posting itself, for duties the library does not know.

A research chef's "develop new recipes and flavour profiles" or a paralegal's "prepare
pleadings and discovery requests" matches no library competency well. Rather than lend such a
role someone else's scorecard, the engine names a competency after the duties' key phrase and
writes its definition, rubric, questions and scenario in the library's shapes, in the posting's
own words. Everything here is derived from the evidence lines, so the same lines always give
the same competency (regeneration rebuilds it from the saved evidence).
"""

from __future__ import annotations

import re

from generator.offline.derived_words import (
    GENERIC,
    LEADING,
    NOMINAL,
    NOT_DUTIES,
    SKIP_BEFORE_OBJECT,
    WEAK_NAME_WORDS,
    base_verb,
)
from generator.text import STOPWORDS, lower_first, stem, tokens

ID_PREFIX = "jd-"
FAMILY = "posting"
_NOUN_END = re.compile(r"(s|ing|tion|ment|ance|ence|ity|ry|ure|ness|ship|ist|er|or|ge|nt)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'&/-]*")
_LEADIN = re.compile(
    r"^(you will|you'll|you’ll|will|you|we need you to|responsible for|be responsible for|"
    r"the role involves|this role involves|duties include|assist(ing)? (with|in)|help(ing)?( to| with)?)\s+",
    re.I,
)


def is_derived(competency_id: str) -> bool:
    """True for a competency the engine built from a posting rather than took from the library."""
    return competency_id.startswith(ID_PREFIX)


def distinctive(line: str) -> set[str]:
    """The stemmed words of a line that say what the work is (not 'work', 'team', 'ensure')."""
    return {t for t in tokens(line) if t not in GENERIC and len(t) > 2 and not t.isdigit()}


def group_lines(lines: list[str], *, max_size: int = 4) -> list[list[str]]:
    """Group duty lines that share what they are about, biggest groups first."""
    groups: list[tuple[set[str], list[str]]] = []
    for line in lines:
        words = distinctive(line)
        best, best_overlap = None, 0
        for i, (seen, members) in enumerate(groups):
            overlap = len(words & seen)
            if overlap > best_overlap and len(members) < max_size:
                best, best_overlap = i, overlap
        if best is None:
            groups.append((set(words), [line]))
        else:
            groups[best][0].update(words)
            groups[best][1].append(line)
    ordered = sorted(groups, key=lambda g: -len(g[1]))
    return [members for _, members in ordered]


def duty_phrase(line: str, *, is_duty: bool = False) -> tuple[str | None, str]:
    """(base verb, the duty as a verb phrase) when the line reads as a duty, else (None, line).

    With `is_duty` (the parser classed the line as a responsibility), an unfamiliar first word
    is taken as the verb: "Tune and voice grand pianos".
    """
    text = _LEADIN.sub("", line.strip().rstrip(".;:!")).strip()
    first, _, rest = text.partition(" ")
    word = first.lower().strip(",")
    verb = base_verb(word)
    if (
        verb is None
        and is_duty
        and word.isalpha()
        and word not in STOPWORDS
        and word not in NOT_DUTIES
    ):
        verb = word
    if verb and rest:
        return verb, f"{verb} {rest}"
    return None, text


def key_phrase(lines: list[str]) -> str:
    """A short noun phrase naming what the duty lines are about: 'Recipe Development'."""
    verb, phrase = duty_phrase(lines[0], is_duty=True)
    obj = _object_words(phrase.split(" ", 1)[1] if verb else phrase)
    shared = _shared_word(lines)
    if shared and shared.lower() not in {w.lower() for w in obj}:
        obj = obj or [shared]
    if not obj:
        words = [w for w in _WORD.findall(phrase) if w.lower() not in STOPWORDS][:2]
        obj = words or ["Core", "Duties"]
    noun = NOMINAL.get(verb, "") if verb else ""
    name_words = [_singular(w) for w in obj] + ([noun] if noun else [])
    if len(name_words) == 1:
        name_words.append("Work")
    return " ".join(_title(w) for w in name_words)


def good_name(name: str) -> bool:
    """True when a built name says what the work is: real words, at least one specific."""
    words = [w.lower() for w in name.split() if w != "Work"]
    return (
        bool(words)
        and all(len(w) >= 3 and w not in STOPWORDS and w not in WEAK_NAME_WORDS for w in words)
        and bool(distinctive(name))
    )


def derived_id(name: str) -> str:
    """The slug id of a derived competency: 'Recipe Development' → 'jd-recipe-development'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50].strip("-")
    return f"{ID_PREFIX}{slug or 'duties'}"


def _object_words(rest: str) -> list[str]:
    """The one or two words a duty acts on: 'new recipes and flavour profiles for' → flavour profiles.

    The object runs to the first preposition or comma; of a list ('A and B') the last item is
    kept, and of that the last two words, where English puts the head noun.
    """
    chunk: list[str] = []
    words = rest.split()
    if len(words) > 1 and words[0].lower() in {"and", "or", "&"}:
        words = words[2:]  # "prepare and file pleadings": the second verb
    if words and words[0].lower() in {"for", "with", "to", "after", "on", "up"}:
        words = words[1:]  # "care for bees", "liaise with carriers"
    for raw in words:
        word = raw.strip(",.;:()\"'")
        lower = word.lower()
        if (
            not word
            or (lower in LEADING and lower not in {"and", "or"})
            or not _WORD.fullmatch(word)
        ):
            break
        chunk.append(word)
        if raw.endswith((",", ";", ":")):
            break
    items: list[list[str]] = [[]]
    for word in chunk:
        if word.lower() in {"and", "or", "&"}:
            items.append([])
        else:
            items[-1].append(word)
    kept = [[w for w in item if w.lower() not in SKIP_BEFORE_OBJECT | STOPWORDS] for item in items]
    clauses = [item[1:] for item in kept if len(item) > 1 and base_verb(item[0].lower())]
    objects = [item for item in kept if item and not base_verb(item[0].lower())]
    for group in (objects, clauses):  # "claims and resolve rejections": the claims
        nounish = [item for item in reversed(group) if _NOUN_END.search(item[-1].lower())]
        if nounish:
            return nounish[0][-2:]
    chosen = (objects or clauses or [[]])[-1]
    return chosen[-2:]


def _shared_word(lines: list[str]) -> str | None:
    if len(lines) < 2:
        return None
    counts: dict[str, int] = {}
    surface: dict[str, str] = {}
    for line in lines:
        for word in _WORD.findall(line):
            key = stem(word.lower())
            if key in GENERIC or word.lower() in STOPWORDS or len(key) < 4:
                continue
            surface.setdefault(key, word)
            counts[key] = counts.get(key, 0) + 1
    best = max(counts, key=lambda k: (counts[k], -list(counts).index(k)), default=None)
    return surface[best] if best and counts[best] >= 2 else None


def _singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is", "sis")) and len(word) > 4:
        return word[:-1]
    return word


def _title(word: str) -> str:
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def in_sentence(name: str) -> str:
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in name.split())


def shorten(text: str, limit: int = 110) -> str:
    text = lower_first(text.strip().rstrip(".;:"))
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    for joiner in (" and", " or", " to", " with", " for", " of", " the", " a", " in"):
        if cut.endswith(joiner):
            cut = cut[: -len(joiner)]
    return cut
