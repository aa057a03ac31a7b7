"""Weighted totals, must-have knockouts and rankings for candidates rated against a scorecard.

The public home of scoring: the single-sheet helpers, the panel dataclasses and `rank_panel`
(computed in `generator.panel`). Every path follows the same rules: totals over the rated weight
only, halves rounded away from zero as spreadsheets do, and a must-have knockout ranks below every
candidate without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from generator.errors import InputError
from generator.schema import Scorecard

KNOCKOUT_AT_MOST = 2  # a must-have whose (mean) rating is 2 or lower knocks the candidate out
KNOCKOUT_BELOW = KNOCKOUT_AT_MOST + 1  # a must-have rated 1 or 2 disqualifies
_CENT = Decimal("0.01")
_SHEET = "scoring sheet"  # the one rater behind rank_candidates


@dataclass(frozen=True)
class CandidateResult:
    candidate: str
    weighted_score: float | None
    knockouts: tuple[str, ...]  # names of the must-haves rated 2 or lower
    rank: int | None = None
    rated_weight: int = 0  # percent of the weight that is rated
    complete: bool = False  # every competency rated


def check_rating(value: object) -> int:
    """A rating as a whole number from 1 to 5.

    Raises:
        InputError: the rating is not a whole number from 1 to 5.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"Rating {value!r} is not a whole number from 1 to 5.")
    try:
        rating = int(str(value).strip())
    except ValueError:
        raise InputError(f"Rating {value!r} is not a whole number from 1 to 5.") from None
    if not 1 <= rating <= 5:
        raise InputError(f"Rating {rating} is outside the scale; use a whole number from 1 to 5.")
    return rating


def weighted_score(scorecard: Scorecard, ratings: dict[str, int]) -> float | None:
    """Σ rating × weight ÷ Σ weight of the rated competencies (1-5, 2 decimals), None if unrated.

    Unrated competencies are left out rather than counted as 0, as the workbook's total does.

    Raises:
        InputError: an unknown competency id, or a rating that is not a whole number from 1 to 5.
    """
    _check_known(scorecard, ratings)
    rated = [
        (c.weight, check_rating(ratings[c.id])) for c in scorecard.competencies if c.id in ratings
    ]
    if not rated:
        return None
    numerator = sum(100 * weight * rating for weight, rating in rated)
    return half_up(numerator, sum(weight for weight, _ in rated)) / 100


def knockouts(scorecard: Scorecard, ratings: dict[str, int]) -> tuple[str, ...]:
    """Names of must-have competencies rated 2 or lower."""
    return tuple(
        c.name
        for c in scorecard.competencies
        if c.must_have and c.id in ratings and check_rating(ratings[c.id]) < KNOCKOUT_BELOW
    )


def rank_candidates(
    scorecard: Scorecard, ratings_by_candidate: dict[str, dict[str, int]]
) -> list[CandidateResult]:
    """Rank candidates rated by one person each, by `rank_panel`'s rules, best first.

    Raises:
        InputError: an unknown competency id, or a rating that is not a whole number from 1 to 5.
    """
    names = list(ratings_by_candidate)
    entries = [CandidateEntry(candidate_id=n, name=name) for n, name in enumerate(names)]
    ratings = []
    for n, name in enumerate(names):
        _check_known(scorecard, ratings_by_candidate[name])
        ratings += [
            PanelRating(n, _SHEET, competency_id, check_rating(value))
            for competency_id, value in ratings_by_candidate[name].items()
        ]
    competency_names = {c.id: c.name for c in scorecard.competencies}
    return [
        CandidateResult(
            candidate=standing.name,
            weighted_score=standing.weighted_total,
            knockouts=tuple(competency_names[cid] for cid in standing.knockouts),
            rank=standing.rank,
            rated_weight=standing.rated_weight,
            complete=standing.complete,
        )
        for standing in rank_panel(scorecard, entries, ratings).candidates
    ]


def _check_known(scorecard: Scorecard, ratings: dict[str, int]) -> None:
    unknown = set(ratings) - {c.id for c in scorecard.competencies}
    if unknown:
        raise InputError(f"Unknown competency id(s): {', '.join(sorted(unknown))}.")


def half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded to the nearest whole number, halves away from zero."""
    if numerator < 0:
        return -half_up(-numerator, denominator)
    return (2 * numerator + denominator) // (2 * denominator)


def round2(value: float) -> float:
    """A float rounded to 2 decimals half away from zero, as the spreadsheet's ROUND(x, 2) does."""
    return float(Decimal(repr(value)).quantize(_CENT, rounding=ROUND_HALF_UP)) + 0.0


def rank_panel(
    card: Scorecard, candidates: list[CandidateEntry], ratings: list[PanelRating]
) -> PanelRanking:
    """Weighted totals, knockouts, ranks, disagreements and calibration for a panel's candidates.

    Args:
        card: the approved scorecard version the candidates were rated against.
        candidates: every candidate to rank, rated or not.
        ratings: submitted ratings only (drafts are the caller's to leave out).

    Returns:
        The candidates in rank order (ties share a rank and are listed by name, then id; unrated
        candidates come last with rank None) and each interviewer's calibration, by interviewer.

    Raises:
        InputError: a rating names a competency not on the scorecard or a candidate not in
            `candidates`, or its score is not a whole number from 1 to 5.
    """
    from generator.panel import rank_panel as rank  # panel.py builds on the classes below

    return rank(card, candidates, ratings)


# Panel scoring: several interviewers rate each candidate -------------------------------------
# The web comparison, the API ranking, the CSV and the comparison workbook all use these, so a
# workbook formula and the web ranking never disagree.

DISAGREEMENT_GAP = 2  # two interviewers' ratings this far apart on one competency are flagged


class PanelRating(NamedTuple):
    """One submitted rating: an interviewer's score for a candidate on one competency.

    A named tuple rather than a dataclass: a large panel builds 32,000 of them per ranking.
    """

    candidate_id: int
    interviewer: str
    competency_id: str
    score: int
    evidence: str = ""


@dataclass(frozen=True)
class CandidateEntry:
    """A candidate on the comparison, with how many feedbacks are expected and in."""

    candidate_id: int
    name: str
    feedback_expected: int = 0
    feedback_submitted: int = 0
    recommendations: dict[str, str] = field(default_factory=dict)  # interviewer -> recommendation


class CompetencyStanding(NamedTuple):
    """One competency of one candidate: the mean rating and the ratings behind it.

    A named tuple rather than a dataclass, as PanelRating: a large ranking builds 8,000 of them,
    and a frozen dataclass's __init__ costs several times as much as building a tuple.
    """

    mean: float | None
    ratings: list[int]  # in interviewer order
    low_must_have: bool = False  # a must-have rated 2 or lower by any interviewer


@dataclass(frozen=True)
class CandidateStanding:
    candidate_id: int
    name: str
    rank: int | None
    weighted_total: float | None  # Σ weight × mean ÷ Σ rated weight, on the 1-5 scale
    rated_weight: int  # share of the weight (percent) that has at least one rating
    knocked_out: bool  # a must-have competency's mean is 2 or lower
    knockouts: list[str]  # ids of the must-haves whose mean is 2 or lower
    flags: list[str]  # ids of must-haves that some interviewer rated 2 or lower
    complete: bool  # every competency rated
    feedback_submitted: int
    feedback_expected: int
    competencies: dict[str, CompetencyStanding]
    disagreements: list[str]  # competency ids where two ratings differ by DISAGREEMENT_GAP or more
    recommendations: dict[str, str]
    normalised_total: float | None  # mean of the interviewers' z-scores for this candidate


@dataclass(frozen=True)
class InterviewerCalibration:
    interviewer: str
    count: int  # ratings given
    candidates: int
    mean: float
    sd: float
    lean: float  # mean of (their rating - the panel's mean rating) on the same candidate and competency


@dataclass(frozen=True)
class PanelRanking:
    candidates: list[CandidateStanding]
    calibration: list[InterviewerCalibration]
