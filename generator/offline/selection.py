"""Choose the competencies a posting calls for, evidence first: every one cites the posting.

The posting's duty and requirement lines come first. Each line is matched against the library;
competencies are chosen for the lines they explain best, lines that nothing in the library
explains are grouped into competencies built from the posting's own words, and a competency
from another role family needs a strong, specific match. When the posting supports fewer
competencies than asked for, fewer are returned (never below five), with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator import posting_rules as rules
from generator.library import Library, LibraryCompetency
from generator.offline import derived, derived_material
from generator.offline.eligibility import (
    MIN_SCORE,
    contends,
    eligible,
    home_families,
)
from generator.offline.matching import LineMatch
from generator.offline.selection_scores import confidence, line_load, weigh

# A second competency may cite a line when it scores at least this share of the best match.
SHARED_EVIDENCE_RATIO = 0.75
FEWEST = 5
# The family is unclear when the runner-up scores at least this share of the top family.
UNCLEAR_FAMILY_SHARE = 0.9
# Below this overall confidence the scorecard asks for review before it is shared.
REVIEW_BELOW = 0.55


@dataclass
class SelectedCompetency:
    """A competency chosen for this posting, with its verbatim evidence.

    `entry` is set for a competency built from the posting (not in the library).
    """

    id: str
    evidence: list[str] = field(default_factory=list)
    load: float = 0.0
    must_have: bool = False
    weight: int = 0
    confidence: float = 0.0
    entry: LibraryCompetency | None = None


@dataclass
class Selection:
    """The chosen competencies, the posting's families and what a reviewer should know."""

    competencies: list[SelectedCompetency]
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.0


def select_competencies(
    matches: list[LineMatch],
    families: list[str],
    family_scores: dict[str, float],
    library: Library,
    count: int,
    *,
    role: str = "",
    exclude: set[str] | None = None,
    home: set[str] | None = None,
) -> Selection:
    """Choose up to `count` competencies (at least five), assign every line, weigh them.

    Returns:
        The selection, competencies ordered by weight (heaviest first; weights sum to 100).
    """
    exclude = exclude or set()
    home = home or home_families(families, family_scores)
    line_scores = [eligible(m, library, home, exclude) for m in matches]
    totals: dict[str, float] = defaultdict(float)
    unmatched: list[int] = []
    for i, scores in enumerate(line_scores):
        best = max(scores.values(), default=0.0)
        if best < MIN_SCORE:
            unmatched.append(i)
            continue
        for cid, score in scores.items():
            if contends(scores, cid, library):
                totals[cid] += (score / best) ** 3  # reward being the top match for a line
    built = _built_from_posting(matches, unmatched, role=role, exclude=exclude)
    for entry, lines in built:
        totals[entry.id] = float(len(lines))
    entries = {entry.id: entry for entry, _ in built}
    notes: list[str] = []
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    chosen = _diverse_top(ranked, library, count)
    for _ in range(4):
        selected = _assign(matches, line_scores, chosen, entries, built, library, home)
        stray = [c.id for c in selected.values() if not c.evidence]
        if not stray:
            break
        spare = [c for c in ranked if c not in chosen]
        chosen = [c for c in chosen if c not in stray]
        chosen += _diverse_top(
            spare, library, count - len(chosen), general=_general(chosen, library)
        )
    selected = {cid: c for cid, c in selected.items() if c.evidence}
    if len(selected) < count:
        notes.append(
            f"The posting supports {len(selected)} distinct competencies, so "
            f"{max(len(selected), FEWEST)} were written instead of the {count} asked for; "
            "none was added without evidence."
        )
    if len(selected) < FEWEST:
        _fill(selected, matches, families, library, exclude)
    if built and any(c.entry for c in selected.values()):
        names = [c.entry.name for c in selected.values() if c.entry]
        notes.append(
            f"{len(unmatched)} of {len(matches)} duty and requirement lines matched nothing in the "
            f"library; {', '.join(names)} {'was' if len(names) == 1 else 'were'} written from the posting's own words."
        )
    weigh(selected)
    ordered = sorted(selected.values(), key=lambda s: (-s.weight, -s.load, s.id))
    overall = sum(c.confidence * c.weight for c in ordered) / 100
    overall *= 1 - 0.4 * len(unmatched) / max(len(matches), 1)
    top = family_scores.get(families[0], 0.0) if families else 0.0
    runner_up = family_scores.get(families[1], 0.0) if len(families) > 1 else 0.0
    if not top:
        overall *= 0.8
        notes.append(
            "The posting uses none of the words of a role family the library knows; "
            "check that the competencies fit the role before sharing."
        )
    elif runner_up >= UNCLEAR_FAMILY_SHARE * top:
        overall *= 0.9
        notes.append(
            "The posting fits two role families almost equally "
            f"({library.families[families[0]].label} and {library.families[families[1]].label}); "
            "check that the competencies fit the role before sharing."
        )
    if overall < REVIEW_BELOW:
        notes.append(
            "Confidence is low: review the competencies and their evidence before sharing."
        )
    return Selection(competencies=ordered, notes=notes, confidence=round(overall, 2))


def _built_from_posting(
    matches: list[LineMatch], unmatched: list[int], *, role: str, exclude: set[str]
) -> list[tuple[LibraryCompetency, list[str]]]:
    """Competencies written from groups of lines the library does not explain."""
    texts = [
        matches[i].text
        for i in unmatched
        if derived.duty_phrase(matches[i].text, is_duty=matches[i].kind == "responsibility")[0]
        and not rules.MUST_CUE.search(matches[i].text)
        and len(derived.distinctive(matches[i].text)) >= 2
    ]
    built = []
    seen: set[str] = set()
    for group in derived.group_lines(texts):
        name = derived.key_phrase(group)
        if not derived.good_name(name):  # "Duty Work": a line like "other duties as assigned"
            continue
        entry = derived_material.build_competency(name, group, role=role)
        if entry.id in seen or entry.id in exclude:
            continue
        seen.add(entry.id)
        built.append((entry, group))
    return built


def _general(chosen: list[str], library: Library) -> int:
    return sum(
        1
        for c in chosen
        if c in library.competencies and library.competencies[c].family == "general"
    )


def _diverse_top(ranked: list[str], library: Library, count: int, *, general: int = 0) -> list[str]:
    """Take the best-ranked competencies, keeping general ones to at most half the set."""
    chosen: list[str] = []
    for cid in ranked:
        if len(chosen) >= count:
            break
        is_general = cid in library.competencies and library.competencies[cid].family == "general"
        if is_general and general >= max(count // 2, 1):
            continue
        chosen.append(cid)
        general += is_general
    return chosen


def _assign(
    matches: list[LineMatch],
    line_scores: list[dict[str, float]],
    chosen: list[str],
    entries: dict[str, LibraryCompetency],
    built: list[tuple[LibraryCompetency, list[str]]],
    library: Library,
    home: set[str],
) -> dict[str, SelectedCompetency]:
    """Every line goes to its best chosen competency; a close second may cite it too.

    A line nothing explains well (a licence, a degree) is cited by the chosen competency that
    scores best for it, or by the role's leading competency.
    """
    selected = {cid: SelectedCompetency(id=cid, entry=entries.get(cid)) for cid in chosen}
    owner = {line: entry.id for entry, lines in built if entry.id in selected for line in lines}
    lead = next(
        (c for c in chosen if c in library.competencies and library.competencies[c].family in home),
        chosen[0] if chosen else None,
    )
    strength: dict[str, list[float]] = defaultdict(list)
    for match, scores in zip(matches, line_scores, strict=True):
        ranked = sorted(chosen, key=lambda c: (-scores.get(c, 0.0), chosen.index(c)))
        best_score = scores.get(ranked[0], 0.0) if ranked else 0.0
        if match.text in owner:
            cited, best_score = [owner[match.text]], MIN_SCORE * 2
        elif best_score >= MIN_SCORE:
            cited = [ranked[0]]
            if len(ranked) > 1 and scores.get(ranked[1], 0.0) >= SHARED_EVIDENCE_RATIO * best_score:
                cited.append(ranked[1])
        elif best_score > 0 or lead is None:
            cited = ranked[:1]
        else:
            cited = [lead]
        for cid in cited:
            _cite(selected[cid], match, share=len(cited))
            strength[cid].append(min(best_score, scores.get(cid, best_score)))
    for cid, competency in selected.items():
        if not competency.evidence:  # a contender for a line it did not win: it shares that line
            best = max(
                (i for i, scores in enumerate(line_scores) if contends(scores, cid, library)),
                key=lambda i: line_scores[i][cid],
                default=None,
            )
            if best is not None:
                _cite(competency, matches[best], share=2)
                strength[cid].append(line_scores[best][cid] * 0.8)
        competency.confidence = confidence(strength.get(cid, []), competency.entry is not None)
    return selected


def _cite(competency: SelectedCompetency, match: LineMatch, *, share: int = 1) -> None:
    if match.text not in competency.evidence:
        competency.evidence.append(match.text)
    competency.load += line_load(match) / share
    if match.kind == "requirement" and not match.preferred and rules.MUST_CUE.search(match.text):
        competency.must_have = True


def _fill(
    selected: dict[str, SelectedCompetency],
    matches: list[LineMatch],
    families: list[str],
    library: Library,
    exclude: set[str],
) -> None:
    """Bring a very short posting up to five competencies, each citing its best line."""
    order = [
        cid for fam in [*families[:1], "general"] for cid in library.families[fam].competency_ids
    ]
    for cid in order:
        if len(selected) >= FEWEST or not matches:
            return
        if cid in selected or cid in exclude:
            continue
        best = max(matches, key=lambda m: m.scores.get(cid, 0.0))
        competency = SelectedCompetency(id=cid)
        _cite(competency, best)
        competency.load *= 0.5
        competency.confidence = 0.3
        selected[cid] = competency
