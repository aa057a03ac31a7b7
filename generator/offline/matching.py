"""Match job description lines to library competencies with BM25, biased to the role's family."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from generator.library import Library
from generator.posting import JobPosting
from generator.text import tokens

# How much a competency's score counts by where its family ranks for this posting.
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
        self._bm25 = BM25Okapi(
            [tokens(library.competencies[cid].document) for cid in self.ids], k1=1.2, b=0.5
        )

    def rank_families(self, posting: JobPosting) -> list[str]:
        """Role families ordered by how strongly the posting signals them (general excluded)."""
        words = Counter(tokens(f"{posting.title} " * 4 + posting.text))
        scores = {}
        for family in self.library.families.values():
            if family.id in ("general", "leadership"):
                continue
            signals = {t for s in family.signals for t in tokens(s)}
            scores[family.id] = sum(min(words[s], 5) for s in signals)
        return sorted(scores, key=lambda f: (-scores[f], f))

    def score_lines(self, posting: JobPosting, families: list[str]) -> list[LineMatch]:
        """Score every responsibility and requirement line against each competency."""
        bias = {}
        for cid in self.ids:
            family = self.library.competencies[cid].family
            rank = families.index(family) if family in families else None
            if family in ("general", "leadership"):
                bias[cid] = FAMILY_BIAS[family]
            elif rank is not None and rank in (0, 1):
                bias[cid] = FAMILY_BIAS[rank]
            else:
                bias[cid] = FAMILY_BIAS["other"]
        matches = []
        for line in posting.of_kind("responsibility", "requirement"):
            raw = self._bm25.get_scores(tokens(line.text))
            scores = {cid: float(s) * bias[cid] for cid, s in zip(self.ids, raw, strict=True)}
            matches.append(
                LineMatch(text=line.text, kind=line.kind, preferred=line.preferred, scores=scores)
            )
        return matches
