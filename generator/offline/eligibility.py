"""Which competencies a posting line may count towards: the posting's own families first.

A competency from another family counts only with a strong match that clearly beats the
posting's own families on that line; cross-family skills need only a real match.
"""

from __future__ import annotations

from generator.library import Library
from generator.offline.matching import LineMatch

# A competency earns credit for a line only when it scores at least this share of the line's best.
CONTENDER_RATIO = 0.5
# Below this BM25 score a match is noise: it earns no credit.
MIN_SCORE = 6.0
# A competency from a family the posting does not belong to needs a match this strong.
OFF_FAMILY_SCORE = 18.0
# The second-ranked family counts as the posting's own when its signals are this strong.
SECOND_FAMILY_SHARE = 0.85
CROSS_FAMILY = ("general", "leadership")


def home_families(families: list[str], family_scores: dict[str, float]) -> set[str]:
    """The posting's own families: the top one, the runner-up when its signals are close."""
    if not families:
        return set(CROSS_FAMILY)
    home = {families[0], *CROSS_FAMILY}
    top = family_scores.get(families[0], 0.0)
    if (
        len(families) > 1
        and top
        and family_scores.get(families[1], 0.0) >= SECOND_FAMILY_SHARE * top
    ):
        home.add(families[1])
    return home


def eligible(
    match: LineMatch, library: Library, home: set[str], exclude: set[str]
) -> dict[str, float]:
    """The line's scores for competencies it may count towards.

    A competency from another family counts only with a strong match that clearly beats the
    posting's own families on this line.
    """
    own = {
        cid: score
        for cid, score in match.scores.items()
        if cid not in exclude and library.competencies[cid].family in home
    }
    best_own = max(own.values(), default=0.0)
    for cid, score in match.scores.items():
        if cid not in own and cid not in exclude and score >= max(OFF_FAMILY_SCORE, 1.5 * best_own):
            own[cid] = score
    return own


def contends(scores: dict[str, float], cid: str, library: Library) -> bool:
    """True when the line is evidence for the competency, if not its best match.

    A cross-family skill (communication, collaboration) sits beside a role's own skills on the
    same line ("work with Support and Product to resolve escalations"), so it needs only a real
    match, not one close to the line's best.
    """
    score = scores.get(cid, 0.0)
    if score < MIN_SCORE:
        return False
    entry = library.competencies.get(cid)
    if entry is not None and entry.family in CROSS_FAMILY:
        return True
    return score >= CONTENDER_RATIO * max(scores.values(), default=0.0)
