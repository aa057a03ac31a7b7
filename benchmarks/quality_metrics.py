"""Measures of one scorecard's quality against its posting, used by benchmarks/quality.py.

Each function is pure: it takes the parsed posting, the scorecard and the expectation, and
returns figures. Nothing here generates or prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.posting import JobPosting, LineKind
from generator.schema import Scorecard

CROSS_FAMILY = {"general", "leadership"}
DUTY_KINDS: tuple[LineKind, ...] = ("responsibility", "requirement")
NEAR_DUPLICATE = 0.6
MAX_DOCUMENT_SHARE = 0.30

_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either every few
    for from further had has have having he her here hers him his how if in into is it its itself
    just least less like may me might more most much must my near need needs no nor not now of off
    on once only or other our ours out over own per same shall she should so some such than that
    the their theirs them then there these they this those through to too under until up upon us
    very was we were what when where which while who whom whose why will with within without would
    you your yours yourself able across along among around being done else ever etc using well
    what's we're you'll you're you've we'll we've they're it's that's don't isn't can't won't
    tell describe give example walk
    accurate complete completed sure busy look needed whole current place hold bring handle
    following valid regular weekly early talk plain willingness availability confidence ensure
    including make makes making keep keeping work working team teams strong good great role
    year years day days time experience"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
SYNONYMS = {
    "leadership": {"lead", "leading", "leader", "manage", "management", "managing"},
    "communication": {"communicating", "communicate", "presenting", "writing", "explaining"},
    "stakeholder": {"stakeholders", "partner", "partnering", "relationship", "relationships"},
    "customer": {"client", "guest", "patient", "user", "customers", "clients", "guests"},
    "analysis": {"analytics", "analytical", "data", "insight", "insights"},
    "safety": {"safe", "hazard", "hazards", "compliance"},
    "development": {"coaching", "mentoring", "training", "develop", "developing"},
    "organisation": {"organization", "organised", "prioritisation", "prioritization"},
    "scheduling": {"schedule", "schedules", "programme", "rota", "rotas", "planning"},
    "documentation": {"records", "record", "reporting", "reports", "logs"},
}
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def normalise(text: str) -> str:
    """Collapse runs of whitespace so that line breaks and spacing never hide a match."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case word tokens of the text, stopwords removed."""
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS]


def jaccard(left: Iterable[str], right: Iterable[str]) -> float:
    """Token Jaccard similarity of two token collections (0 when both are empty)."""
    a, b = set(left), set(right)
    return len(a & b) / len(a | b) if a or b else 0.0


def term_tokens(text: str) -> set[str]:
    """Candidate distinctive tokens: words of 4+ letters (lower case) and acronyms (kept upper)."""
    found: set[str] = set()
    for token in _WORD.findall(text.replace("'", " ")):
        stem = token[:-1] if len(token) > 2 and token.endswith("s") else token
        if len(stem) >= 2 and stem.isupper():
            found.add(stem)
        elif len(token) >= 4 and token.lower() not in STOPWORDS:
            found.add(token.lower())
    return found


def duty_lines(posting: JobPosting) -> list[str]:
    """The posting's responsibility and requirement lines, whitespace normalised."""
    return [normalise(line.text) for line in posting.of_kind(*DUTY_KINDS)]


@dataclass
class Citation:
    """How many duty/requirement lines some competency cites as evidence."""

    lines: int
    cited: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.cited / self.lines if self.lines else 1.0


def citation(posting: JobPosting, scorecard: Scorecard) -> Citation:
    """Count the duty/requirement lines that appear inside some competency's evidence."""
    evidence = [normalise(e) for c in scorecard.competencies for e in c.evidence]
    lines = duty_lines(posting)
    missing = [line for line in lines if not any(line in quote for quote in evidence)]
    return Citation(lines=len(lines), cited=len(lines) - len(missing), missing=missing)


def evidence_share(scorecard: Scorecard) -> float:
    """Share of competencies that cite at least one evidence line."""
    return sum(bool(c.evidence) for c in scorecard.competencies) / len(scorecard.competencies)


def wrong_family(
    scorecard: Scorecard, families: dict[str, str], family: str, also: Iterable[str]
) -> list[str]:
    """Library competencies from a family the posting does not belong to, as 'id (family)'."""
    allowed = {family, *also, *CROSS_FAMILY}
    wrong = []
    for competency in scorecard.competencies:
        owner = families.get(competency.id)
        if owner is not None and owner not in allowed:
            wrong.append(f"{competency.id} ({owner})")
    return wrong


def _stems(name: str) -> set[str]:
    tokens = {w for w in words(name.replace("&", " ").replace("/", " ")) if len(w) > 2}
    stems = {w[:5] for w in tokens}
    for key, similar in SYNONYMS.items():
        if tokens & (similar | {key}):
            stems |= {w[:5] for w in similar | {key}}
    return stems


def expected_fit(expected: list[str], competency_names: list[str]) -> float | None:
    """Share of expected competency names matched by a competency name (token stems, synonyms)."""
    if not expected:
        return None
    names = [_stems(n) for n in competency_names]
    hits = sum(any(_stems(e) & n for n in names) for e in expected)
    return hits / len(expected)


def document_frequency(term_sets: list[set[str]]) -> dict[str, float]:
    """For every token, the share of postings whose text contains it."""
    counts: dict[str, int] = {}
    for terms in term_sets:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    total = max(len(term_sets), 1)
    return {term: n / total for term, n in counts.items()}


def distinctive_terms(posting: JobPosting, frequency: dict[str, float]) -> set[str]:
    """Tokens of the duty/requirement lines that are rare across the set and not title/company."""
    own = term_tokens(" ".join(duty_lines(posting)))
    named = term_tokens(f"{posting.title} {posting.company or ''}")
    named |= {t.upper() for t in named} | {t.lower() for t in named}
    return {t for t in own - named if frequency.get(t, 0.0) <= MAX_DOCUMENT_SHARE}


def _question_text(scorecard: Scorecard) -> list[str]:
    return [" ".join([q.text, *q.follow_ups]) for q in scorecard.questions]


def question_term_share(scorecard: Scorecard, terms: set[str]) -> float:
    """Share of bank questions (text and follow-ups) using at least one distinctive term."""
    texts = _question_text(scorecard)
    return sum(bool(term_tokens(t) & terms) for t in texts) / len(texts) if texts else 0.0


def terms_hit(scorecard: Scorecard, terms: list[str]) -> float | None:
    """Share of the expectation's `terms` that some bank question mentions (case-insensitive)."""
    if not terms:
        return None
    bank = " ".join(_question_text(scorecard)).lower()
    return sum(term.lower() in bank for term in terms) / len(terms)


def near_duplicates(scorecard: Scorecard) -> list[tuple[str, str, float]]:
    """Pairs of bank questions whose word sets have Jaccard similarity at or above 0.6."""
    tokens = [(q.text, words(q.text)) for q in scorecard.questions]
    pairs = []
    for i, (left, left_words) in enumerate(tokens):
        for right, right_words in tokens[i + 1 :]:
            score = jaccard(left_words, right_words)
            if score >= NEAR_DUPLICATE:
                pairs.append((left, right, score))
    return pairs


def values_found(scorecard: Scorecard, values: list[str]) -> float | None:
    """Share of the posting's stated values that the scorecard's company or competency values hold."""
    if not values:
        return None
    found = [normalise(v).lower() for v in scorecard.company_values]
    found += [normalise(c.value).lower() for c in scorecard.competencies if c.value]
    hits = sum(
        any(normalise(v).lower() in f or f in normalise(v).lower() for f in found) for v in values
    )
    return hits / len(values)


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of the samples (0 for none)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]
