"""The fair-interview check: find interview text that asks about a protected characteristic.

The wording is data (`patterns/<topic>.yaml`, see `topics.py`); this module only applies it.
A reviewer sees each `Finding` at the offending text with the reason and a neutral rewording,
and approval waits until each one is fixed or overridden by its stable `key`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from generator.fairness.locations import InterviewText, interview_texts
from generator.fairness.topics import PatternFileError, Topic, load_topics
from generator.invariants import fold

if TYPE_CHECKING:
    from generator.schema import Scorecard

__all__ = [
    "Finding",
    "InterviewText",
    "PatternFileError",
    "Topic",
    "TopicHit",
    "check_scorecard",
    "check_text",
    "finding_key",
    "interview_texts",
    "topics",
]

# Typographic characters are read as their plain forms, one for one, so offsets still fit the text.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)
_CHECKED_PARTS = {"competencies", "questions", "case_study"}


@dataclass(frozen=True)
class TopicHit:
    """One topic found in one string: the words that matched and what to do about them."""

    topic: str
    label: str
    excerpt: str
    reason: str
    suggestion: str
    start: int  # offsets of the excerpt in the checked string, for highlighting
    end: int


@dataclass(frozen=True)
class Finding:
    """A topic found in a scorecard's interview text, with where it is and how to reword it."""

    key: str  # sha256 hex[:16] of "location|topic|folded excerpt": stable across saves
    location: str  # dotted JSON path, e.g. "competencies.2.lead_question.text"
    part: str  # "competency:<id>" | "question:<id>" | "case_study"
    topic: str
    label: str
    excerpt: str
    text: str
    reason: str
    suggestion: str
    start: int
    end: int


def topics() -> list[Topic]:
    """The loaded topics in file-name order, for documentation and the review page.

    Raises:
        PatternFileError: a pattern file is malformed (the message names it).
    """
    return list(load_topics())


def check_text(text: str) -> list[TopicHit]:
    """Return the topics one string asks about, at most one per topic, in order of appearance.

    Args:
        text: a question, probe, scenario or any other interview text.

    Returns:
        One hit per topic whose patterns match outside every allowed near-miss; empty when fair.

    Raises:
        PatternFileError: a pattern file is malformed (on first use only; topics are cached).
    """
    return list(_hits(text))


@lru_cache(maxsize=8192)
def _hits(text: str) -> tuple[TopicHit, ...]:
    # Cached because an edit changes one text and every save re-checks the whole scorecard.
    plain = text.translate(_PLAIN)
    hits = [hit for topic in load_topics() if (hit := _first_hit(topic, text, plain))]
    return tuple(sorted(hits, key=lambda hit: hit.start))


def check_scorecard(card: Scorecard | Mapping[str, Any]) -> list[Finding]:
    """Check every interview text of a scorecard and return the findings in document order.

    Args:
        card: a `Scorecard`, or its JSON data, which may be a draft that is not valid yet;
            missing or mistyped parts are skipped rather than rejected.

    Returns:
        One finding per (location, topic); empty when every text is fair.

    Raises:
        PatternFileError: a pattern file is malformed.
    """
    data = card if isinstance(card, Mapping) else card.model_dump(include=_CHECKED_PARTS)
    return [_finding(item, hit) for item in interview_texts(data) for hit in check_text(item.text)]


def finding_key(location: str, topic: str, excerpt: str) -> str:
    """The stable id of a finding: the same words of the same topic at the same place."""
    return hashlib.sha256(f"{location}|{topic}|{fold(excerpt)}".encode()).hexdigest()[:16]


def _first_hit(topic: Topic, text: str, plain: str) -> TopicHit | None:
    allowed: list[tuple[int, int]] | None = None
    for match in topic.matcher.finditer(plain):
        start, end = match.span()
        if topic.allowed is not None:
            if allowed is None:
                allowed = [m.span() for m in topic.allowed.finditer(plain)]
            # A near-miss that overlaps the matched words explains them away.
            if any(a_start < end and start < a_end for a_start, a_end in allowed):
                continue
        return TopicHit(
            topic=topic.topic,
            label=topic.label,
            excerpt=text[start:end],
            reason=topic.reason,
            suggestion=topic.suggestion,
            start=start,
            end=end,
        )
    return None


def _finding(item: InterviewText, hit: TopicHit) -> Finding:
    return Finding(
        key=finding_key(item.location, hit.topic, hit.excerpt),
        location=item.location,
        part=item.part,
        topic=hit.topic,
        label=hit.label,
        excerpt=hit.excerpt,
        text=item.text,
        reason=hit.reason,
        suggestion=hit.suggestion,
        start=hit.start,
        end=hit.end,
    )
