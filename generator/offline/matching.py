"""Match job description lines to library competencies with BM25, biased to the role's family."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from generator.library import Library
from generator.posting import JobPosting
from generator.text import tokens

# How much a competency's score counts by where its family ranks for this posting.
# Family scores are scaled to this many units (the best family in either half scores half of it).
SIGNAL_UNITS = 20.0
# Signal points for a family whose words are in the job title, and title words that name no family.
TITLE_BONUS = 12.0
TITLE_GENERIC = frozenset(
    tokens(
        "manager lead senior junior head director officer specialist associate assistant "
        "coordinator principal staff chief supervisor team member engineer engineering civil "
        "technician worker practitioner consultant representative"
    )
)
# A line whose best competency scores less than this says nothing about the family.
LINE_EVIDENCE_FLOOR = 8.0
FAMILY_BIAS = {0: 1.6, 1: 1.15, "general": 1.0, "leadership": 0.9, "other": 0.3}


@dataclass
class LineMatch:
    """One posting line with its score against every library competency."""

    text: str
    kind: str
    preferred: bool
    scores: dict[str, float]


class CompetencyMatcher:
    """Ranks library competencies for posting lines; built once per library."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.ids = list(library.competencies)
        self._signals = {
            family.id: frozenset(t for s in family.signals for t in tokens(s))
            for family in library.families.values()
            if family.id not in ("general", "leadership")
        }
        self._sharing = Counter(t for signals in self._signals.values() for t in signals)
        self._cache: tuple[tuple[str, ...], list[list[float]]] = ((), [])
        self._bm25 = BM25Okapi(
            [tokens(library.competencies[cid].document) for cid in self.ids], k1=1.2, b=0.5
        )

    def family_scores(self, posting: JobPosting) -> dict[str, float]:
        """How strongly the posting belongs to each role family (general and leadership excluded).

        Half from the family's signal words in the title and text, half from how many of the
        posting's duty lines the family's competencies explain best: a posting's duties say
        more about its family than a word like "team" or "planning" does.
        """
        words = Counter(tokens(f"{posting.title} " * 4 + posting.text))
        title = self._title_words(posting)
        signal: dict[str, float] = {}
        for family, signals in self._signals.items():
            # A word several families share says less than one only this family uses.
            signal[family] = sum(min(words[s], 5) / self._sharing[s] for s in signals)
            if title & signals:
                signal[family] += TITLE_BONUS
        lines: dict[str, float] = dict.fromkeys(signal, 0.0)
        for raw in self._raw_scores(posting):
            best_by_family: dict[str, float] = {}
            for cid, score in zip(self.ids, raw, strict=True):
                family = self.library.competencies[cid].family
                if family in lines and score > best_by_family.get(family, 0.0):
                    best_by_family[family] = float(score)
            top = max(best_by_family.values(), default=0.0)
            if top < LINE_EVIDENCE_FLOOR:
                continue
            for family, score in best_by_family.items():
                if score >= 0.8 * top:
                    lines[family] += score / top
        top_signal, top_lines = max(signal.values(), default=0.0), max(lines.values(), default=0.0)
        return {
            f: round(
                SIGNAL_UNITS
                * (0.5 * signal[f] / (top_signal or 1) + 0.5 * lines[f] / (top_lines or 1)),
                2,
            )
            for f in signal
        }

    def title_families(self, posting: JobPosting) -> set[str]:
        """Families whose signal words name the role in its title ("Product Manager")."""
        title = self._title_words(posting)
        return {family for family, signals in self._signals.items() if title & signals}

    @staticmethod
    def _title_words(posting: JobPosting) -> set[str]:
        # The role itself, not its team: "Senior Product Manager, Billing Platform".
        return set(tokens(re.split(r"[,(|–—]| - | at ", posting.title)[0])) - TITLE_GENERIC

    def rank_families(self, posting: JobPosting) -> list[str]:
        """Role families ordered by how strongly the posting belongs to them (general excluded)."""
        scores = self.family_scores(posting)
        return sorted(scores, key=lambda f: (-scores[f], f))

    def _raw_scores(self, posting: JobPosting) -> list[list[float]]:
        """Unbiased BM25 scores of each duty and requirement line, computed once per posting."""
        key = tuple(line.text for line in posting.of_kind("responsibility", "requirement"))
        cached_key, cached = self._cache  # one read: other threads may replace it
        if cached_key == key:
            return cached
        scores = [list(self._bm25.get_scores(tokens(text))) for text in key]
        self._cache = (key, scores)
        return scores

    def score_lines(
        self, posting: JobPosting, families: list[str], home: set[str] | None = None
    ) -> list[LineMatch]:
        """Score every responsibility and requirement line against each competency.

        The top family's competencies are favoured, the runner-up's only when it is one of the
        posting's own (`home`) families.
        """
        home = home if home is not None else set(families[:2])
        bias = {}
        for cid in self.ids:
            family = self.library.competencies[cid].family
            if family in ("general", "leadership"):
                bias[cid] = FAMILY_BIAS[family]
            elif families and family == families[0]:
                bias[cid] = FAMILY_BIAS[0]
            elif family in home:
                bias[cid] = FAMILY_BIAS[1]
            else:
                bias[cid] = FAMILY_BIAS["other"]
        matches = []
        lines = posting.of_kind("responsibility", "requirement")
        for line, raw in zip(lines, self._raw_scores(posting), strict=True):
            scores = {cid: float(s) * bias[cid] for cid, s in zip(self.ids, raw, strict=True)}
            matches.append(
                LineMatch(text=line.text, kind=line.kind, preferred=line.preferred, scores=scores)
            )
        return matches
