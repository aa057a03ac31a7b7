"""Tokenising and similarity helpers shared by the offline engine's stages."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9][a-z0-9+#/&'-]*")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "etc",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "ideally",
        "including",
        "like",
        "etc",
        "using",
        "use",
        "used",
        "make",
        "sure",
        "time",
        "new",
        "day",
        "every",
        "one",
        "two",
        "three",
    ]
)


def stem(word: str) -> str:
    """A light suffix stripper so that plan, plans and planning match."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in {"ies", "ied"} else base
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words of the text."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    # Library documents and posting lines are tokenised many times per scorecard.
    return tuple(
        stem(w.strip("'-/"))
        for w in _WORD.findall(text.lower())
        if w not in STOPWORDS and len(w) > 1
    )


def jaccard(a: str, b: str) -> float:
    """Overlap of the content words of two texts, 0 to 1."""
    sa, sb = set(tokens(a)), set(tokens(b))
    return len(sa & sb) / max(len(sa | sb), 1)


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name-like token."""
    text = re.sub(r"^(you will|you'll|you’ll)\s+", "", text, flags=re.I)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return text
    return text[:1].lower() + text[1:]


def join_words(items: list[str]) -> str:
    """Join as English: 'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
