"""Scores for chosen competencies: how much of the posting each carries, its weight, the confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import posting_rules as rules
from generator.weights import largest_remainder

if TYPE_CHECKING:
    from generator.offline.matching import LineMatch
    from generator.offline.selection import SelectedCompetency

# Matches this strong (after the family bias) make a competency's evidence convincing.
CONVINCING_SCORE = 27.0


def confidence(strengths: list[float], built: bool) -> float:
    """How sure the engine is that the posting calls for this competency, 0 to 1."""
    if not strengths:
        return 0.3
    if built:
        return 0.55 if len(strengths) >= 2 else 0.45
    best = max(strengths)
    spread = min(len(strengths), 4) / 4
    return round(min(0.95, 0.35 + 0.45 * min(best / (CONVINCING_SCORE), 1.0) + 0.15 * spread), 2)


def line_load(match: LineMatch) -> float:
    load = 1.0 if match.kind == "responsibility" else 1.2
    if match.preferred:
        load *= 0.5
    elif rules.MUST_CUE.search(match.text):
        load *= 1.5
    return load


def weigh(selected: dict[str, SelectedCompetency]) -> None:
    """Weights in steps of 5 % from how much of the posting each competency carries."""
    items = list(selected.values())
    loads = [max(item.load, 0.35) for item in items]
    units = largest_remainder(loads, total=20, minimum=1)
    for item, unit in zip(items, units, strict=True):
        item.weight = unit * 5
    if not any(item.must_have for item in items):
        max(items, key=lambda i: (i.weight, i.load)).must_have = True
