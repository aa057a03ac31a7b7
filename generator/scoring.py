"""Weighted totals, must-have knockouts and rankings for candidates rated against a scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import InputError
from generator.schema import Scorecard

KNOCKOUT_BELOW = 3  # a must-have rated 1 or 2 disqualifies


@dataclass(frozen=True)
class CandidateResult:
    candidate: str
    weighted_score: float | None
    knockouts: tuple[str, ...]
    rank: int | None = None


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
    """Sum of rating × weight ÷ 100 over rated competencies, or None when nothing is rated.

    Unrated competencies count as 0, exactly as the workbook's SUMPRODUCT does.
    """
    if not ratings:
        return None
    known = {c.id for c in scorecard.competencies}
    unknown = set(ratings) - known
    if unknown:
        raise InputError(f"Unknown competency id(s): {', '.join(sorted(unknown))}.")
    total = sum(
        check_rating(ratings[c.id]) * c.weight for c in scorecard.competencies if c.id in ratings
    )
    return round(total / 100, 2)


def knockouts(scorecard: Scorecard, ratings: dict[str, int]) -> tuple[str, ...]:
    """Names of must-have competencies rated below 3."""
    return tuple(
        c.name
        for c in scorecard.competencies
        if c.must_have and c.id in ratings and check_rating(ratings[c.id]) < KNOCKOUT_BELOW
    )


def rank_candidates(
    scorecard: Scorecard, ratings_by_candidate: dict[str, dict[str, int]]
) -> list[CandidateResult]:
    """Rank candidates by weighted score, highest first (ties share a rank, as Excel's RANK does)."""
    results = [
        CandidateResult(name, weighted_score(scorecard, r), knockouts(scorecard, r))
        for name, r in ratings_by_candidate.items()
    ]
    scores = [r.weighted_score for r in results if r.weighted_score is not None]
    ranked = []
    for r in results:
        rank = (
            None if r.weighted_score is None else 1 + sum(1 for s in scores if s > r.weighted_score)
        )
        ranked.append(CandidateResult(r.candidate, r.weighted_score, r.knockouts, rank))
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.candidate))


# Panel scoring: several interviewers rate each candidate -------------------------------------
# The web comparison, the API ranking, the CSV and the comparison workbook all use these, so a
# workbook formula and the web ranking never disagree.

DISAGREEMENT_GAP = 2  # two interviewers' ratings this far apart on one competency are flagged


@dataclass(frozen=True)
class PanelRating:
    """One submitted rating: an interviewer's score for a candidate on one competency."""

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


@dataclass(frozen=True)
class CompetencyStanding:
    mean: float | None
    ratings: list[int]
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
