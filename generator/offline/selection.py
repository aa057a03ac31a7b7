"""Choose the competencies a posting calls for, cite their evidence and weigh them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator import posting_rules as rules
from generator.library import Library
from generator.offline.matching import LineMatch
from generator.weights import largest_remainder

# A second competency may cite a line when it scores at least this share of the best match.
SHARED_EVIDENCE_RATIO = 0.75
# A competency earns credit for a line only when it scores at least this share of the line's best.
CONTENDER_RATIO = 0.5
# Below this BM25 score a match is noise: it earns no credit and the line falls back to the role's family.
MIN_SCORE = 3.0
# Fill-in order when a posting is too short to evidence enough competencies.
GENERAL_FILL = (
    "communication",
    "problem-solving",
    "collaboration",
    "prioritisation",
    "attention-to-detail",
    "learning-agility",
)


@dataclass
class SelectedCompetency:
    """A library competency chosen for this posting, with its verbatim evidence."""

    id: str
    evidence: list[str] = field(default_factory=list)
    load: float = 0.0
    must_have: bool = False
    weight: int = 0


def select_competencies(
    matches: list[LineMatch],
    families: list[str],
    library: Library,
    count: int,
    *,
    exclude: set[str] | None = None,
) -> list[SelectedCompetency]:
    """Pick `count` competencies, assign every line to at least one, and weigh them.

    Returns:
        The competencies ordered by weight, heaviest first; weights sum to 100.
    """
    exclude = exclude or set()
    totals: dict[str, float] = defaultdict(float)
    for match in matches:
        best = max(match.scores.values()) or 1.0
        for cid, score in match.scores.items():
            if cid not in exclude and score >= max(CONTENDER_RATIO * best, MIN_SCORE):
                totals[cid] += (score / best) ** 3  # reward being the top match for a line
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    chosen = _diverse_top(ranked, library, count)
    for fill in _fill_order(families, library):
        if len(chosen) >= count:
            break
        if fill not in chosen and fill not in exclude:
            chosen.append(fill)
    chosen = chosen[:count]
    home_family = families[0] if families else ""
    for _ in range(3):
        selected = {cid: SelectedCompetency(id=cid) for cid in chosen}
        home = [cid for cid in chosen if library.competencies[cid].family == home_family]
        _assign_evidence(matches, selected, fallback=(home or chosen)[0])
        # An off-family competency that ended up citing nothing was a weak guess; use the next fill instead.
        stray = {
            c.id
            for c in selected.values()
            if not c.evidence
            and library.competencies[c.id].family not in (home_family, "general", "leadership")
        }
        if not stray:
            break
        refill = [f for f in _fill_order(families, library) if f not in chosen and f not in exclude]
        exclude = exclude | stray
        chosen = [c for c in chosen if c not in stray] + refill[: len(stray)]
    _weigh(selected)
    return sorted(selected.values(), key=lambda s: (-s.weight, -s.load, s.id))


def _diverse_top(ranked: list[str], library: Library, count: int) -> list[str]:
    """Take the best-ranked competencies, keeping general ones to at most half the set."""
    chosen: list[str] = []
    general = 0
    for cid in ranked:
        is_general = library.competencies[cid].family == "general"
        if is_general and general >= count // 2:
            continue
        chosen.append(cid)
        general += is_general
        if len(chosen) == count:
            break
    return chosen


def _fill_order(families: list[str], library: Library) -> list[str]:
    order = [cid for fam in families[:1] for cid in library.families[fam].competency_ids]
    second = [cid for fam in families[1:2] for cid in library.families[fam].competency_ids]
    return order + list(GENERAL_FILL) + second


def _assign_evidence(
    matches: list[LineMatch], selected: dict[str, SelectedCompetency], *, fallback: str
) -> None:
    """Every line goes to its best selected competency; a close second may cite it too.

    A line nothing matches well (a licence, a degree) is cited by the role's leading competency.
    """
    order = list(selected)
    for match in matches:
        scored = sorted(order, key=lambda c: (-match.scores.get(c, 0.0), order.index(c)))
        best = scored[0]
        best_score = match.scores.get(best, 0.0)
        if best_score < MIN_SCORE:
            scored = [fallback] + [c for c in scored if c != fallback]
            best, best_score = fallback, 0.0
        line_load = _line_load(match)
        cited = [best]
        if (
            len(scored) > 1
            and best_score > 0
            and match.scores.get(scored[1], 0.0) >= SHARED_EVIDENCE_RATIO * best_score
        ):
            cited.append(scored[1])
        for cid in cited:
            competency = selected[cid]
            if match.text not in competency.evidence:
                competency.evidence.append(match.text)
            competency.load += line_load / len(cited)
            if (
                match.kind == "requirement"
                and not match.preferred
                and rules.MUST_CUE.search(match.text)
            ):
                competency.must_have = True


def _line_load(match: LineMatch) -> float:
    load = 1.0 if match.kind == "responsibility" else 1.2
    if match.preferred:
        load *= 0.5
    elif rules.MUST_CUE.search(match.text):
        load *= 1.5
    return load


def _weigh(selected: dict[str, SelectedCompetency]) -> None:
    """Weights in steps of 5 % from how much of the posting each competency carries."""
    items = list(selected.values())
    loads = [max(item.load, 0.35) for item in items]
    units = largest_remainder(loads, total=20, minimum=1)
    for item, unit in zip(items, units, strict=True):
        item.weight = unit * 5
    if not any(item.must_have for item in items):
        max(items, key=lambda i: (i.weight, i.load)).must_have = True
