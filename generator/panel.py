"""Panel scoring: several interviewers rate each candidate; totals, knockouts, ranks, calibration.

The web comparison, the API ranking, the CSV and the workbooks all use `rank_panel` (reached as
`generator.scoring.rank_panel`), so a workbook formula and the web ranking never disagree. Means
and totals are kept in whole hundredths and rounded half away from zero, as ROUND does in Excel
and LibreOffice. Built for size: one pass groups the ratings by candidate, and each candidate's
ratings are filed in one loop (1,000 candidates × 4 interviewers × 8 competencies in tens of ms).
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import NamedTuple

from generator.errors import InputError
from generator.schema import Scorecard
from generator.scoring import (
    DISAGREEMENT_GAP,
    KNOCKOUT_AT_MOST,
    CandidateEntry,
    CandidateStanding,
    CompetencyStanding,
    InterviewerCalibration,
    PanelRanking,
    PanelRating,
    half_up,
    round2,
)

_MAX_NAMED_PROBLEMS = 5
_BY_INTERVIEWER_AND_COMPETENCY = attrgetter("interviewer", "competency_id")
Scores = dict[str, list[int]]  # competency id -> scores, in interviewer order
RATED, KNOCKED_OUT, UNRATED = 0, 1, 2  # rank groups: every knockout below every other rated one


class _Block(NamedTuple):
    """One interviewer's ratings of one candidate: consecutive once the ratings are sorted."""

    interviewer: str
    size: int
    score_sum: int
    repeated: bool  # a competency rated twice by this interviewer (not possible from the database)


class _Row(NamedTuple):
    """One candidate scored, before ranks are known."""

    group: int
    total_h: int  # weighted total in hundredths
    entry: CandidateEntry
    rated_weight: int
    complete: bool
    competencies: dict[str, CompetencyStanding]
    knockouts: list[str]
    flags: list[str]
    disagreements: list[str]


def rank_panel(
    card: Scorecard, candidates: list[CandidateEntry], ratings: list[PanelRating]
) -> PanelRanking:
    """The ranking behind `generator.scoring.rank_panel`; see its docstring for the contract."""
    by_candidate: dict[int, list[PanelRating]] = {e.candidate_id: [] for e in candidates}
    if len(by_candidate) != len(candidates):
        raise InputError("Each candidate may appear only once in a ranking.")
    panel = _Panel(card)
    for rating in ratings:
        try:
            by_candidate[rating.candidate_id].append(rating)
        except KeyError:
            panel.problems.append(f"candidate {rating.candidate_id} is not among the candidates")
    rows = [panel.score(entry, by_candidate[entry.candidate_id]) for entry in candidates]
    panel.raise_problems()
    rows.sort(key=lambda row: (row.group, -row.total_h, row.entry.name, row.entry.candidate_id))
    normalised = panel.normalised_totals()
    standings = []
    rank, previous = 0, (-1, 0)
    for position, row in enumerate(rows, start=1):
        if row.group != UNRATED and (row.group, row.total_h) != previous:
            rank, previous = position, (row.group, row.total_h)
        entry = row.entry
        standings.append(
            CandidateStanding(
                candidate_id=entry.candidate_id,
                name=entry.name,
                rank=None if row.group == UNRATED else rank,
                weighted_total=None if row.group == UNRATED else row.total_h / 100,
                rated_weight=row.rated_weight,
                knocked_out=bool(row.knockouts),
                knockouts=row.knockouts,
                flags=row.flags,
                complete=row.complete,
                feedback_submitted=entry.feedback_submitted,
                feedback_expected=entry.feedback_expected,
                competencies=row.competencies,
                disagreements=row.disagreements,
                recommendations=dict(entry.recommendations),
                normalised_total=normalised.get(entry.candidate_id),
            )
        )
    return PanelRanking(candidates=standings, calibration=panel.calibration())


class _Panel:
    """Running sums over a panel's ratings, one candidate at a time, then calibration."""

    def __init__(self, card: Scorecard) -> None:
        self.competencies = [(c.id, c.weight, c.must_have) for c in card.competencies]
        self.weights = {c.id: c.weight for c in card.competencies}
        self.problems: list[str] = []
        # Per interviewer: every score they gave; (candidate, their own total in hundredths);
        # [Σ (score - the pair's panel mean), how many such ratings].
        self.scores: dict[str, list[int]] = {}
        self.own_totals: dict[str, list[tuple[int, int]]] = {}
        self.lean: dict[str, list[float]] = {}

    def score(self, entry: CandidateEntry, mine: list[PanelRating]) -> _Row:
        """One candidate's means, total, knockouts and disagreements, before ranks are known."""
        # Sorted so each competency's scores come in interviewer order and an interviewer's
        # ratings form one block, with a repeated competency next to itself.
        mine.sort(key=_BY_INTERVIEWER_AND_COMPETENCY)
        scores: Scores = {}
        blocks = self._file(entry.candidate_id, mine, scores)
        row = self._standing(entry, scores)
        if row.group != UNRATED and not self.problems:
            self._add_lean(mine, scores, blocks)
        return row

    def _file(self, candidate_id: int, mine: list[PanelRating], scores: Scores) -> list[_Block]:
        """Check a candidate's ratings, file them by competency, keep each interviewer's own total."""
        # Plain locals in one loop: this runs once per rating (32,000 on a large panel).
        weights = self.weights
        blocks: list[_Block] = []
        interviewer: str | None = None
        previous: str | None = None
        given: list[int] = []
        numerator = rated_weight = score_sum = count = 0
        repeated = False
        for rating in mine:
            score, competency_id = rating.score, rating.competency_id
            weight = weights.get(competency_id)
            if weight is None or score.__class__ is not int or not 0 < score < 6:
                self._problem(rating)
                continue
            if rating.interviewer != interviewer:
                if interviewer is not None:
                    blocks.append(_Block(interviewer, count, score_sum, repeated))
                    self._own_total(interviewer, candidate_id, numerator, rated_weight)
                interviewer, previous, repeated = rating.interviewer, None, False
                numerator = rated_weight = score_sum = count = 0
                given = self.scores.get(interviewer) or self.scores.setdefault(interviewer, [])
            elif competency_id == previous:
                repeated = True
            previous = competency_id
            numerator += weight * score
            rated_weight += weight
            score_sum += score
            count += 1
            given.append(score)
            found = scores.get(competency_id)
            if found is None:
                scores[competency_id] = [score]
            else:
                found.append(score)
        if interviewer is not None:
            blocks.append(_Block(interviewer, count, score_sum, repeated))
            self._own_total(interviewer, candidate_id, numerator, rated_weight)
        return blocks

    def _own_total(
        self, interviewer: str, candidate_id: int, numerator: int, rated_weight: int
    ) -> None:
        total_h = (200 * numerator + rated_weight) // (2 * rated_weight)  # half_up, inlined
        own = self.own_totals.get(interviewer)
        if own is None:
            self.own_totals[interviewer] = [(candidate_id, total_h)]
        else:
            own.append((candidate_id, total_h))

    def _standing(self, entry: CandidateEntry, scores: Scores) -> _Row:
        competencies: dict[str, CompetencyStanding] = {}
        knockouts: list[str] = []
        flags: list[str] = []
        disagreements: list[str] = []
        numerator = rated_weight = 0
        for competency_id, weight, must_have in self.competencies:
            given = scores.get(competency_id)
            if given is None:
                competencies[competency_id] = CompetencyStanding(None, [])
                continue
            count = len(given)
            mean_h = (200 * sum(given) + count) // (2 * count)  # half_up(100 × Σ, count), inlined
            lowest = min(given) if count > 1 else given[0]
            low = must_have and lowest <= KNOCKOUT_AT_MOST
            if low:
                flags.append(competency_id)
                if mean_h <= 100 * KNOCKOUT_AT_MOST:
                    knockouts.append(competency_id)
            if count > 1 and max(given) - lowest >= DISAGREEMENT_GAP:
                disagreements.append(competency_id)
            competencies[competency_id] = CompetencyStanding(mean_h / 100, given, low)
            numerator += weight * mean_h
            rated_weight += weight
        if not rated_weight:
            group, total_h = UNRATED, 0
        else:
            group = KNOCKED_OUT if knockouts else RATED
            total_h = half_up(numerator, rated_weight)
        complete = len(scores) == len(self.competencies)
        return _Row(
            group,
            total_h,
            entry,
            rated_weight,
            complete,
            competencies,
            knockouts,
            flags,
            disagreements,
        )

    def _add_lean(self, mine: list[PanelRating], scores: Scores, blocks: list[_Block]) -> None:
        """Each rating's distance from the exact panel mean, where two or more rated the pair."""
        shared = {cid: sum(given) / len(given) for cid, given in scores.items() if len(given) > 1}
        if not shared:
            return
        everywhere = len(shared) == len(scores)
        shared_sum = sum(shared.values())
        start = 0  # every rating is valid here, so the blocks tile the sorted list
        for block in blocks:
            end = start + block.size
            if everywhere and block.size == len(scores) and not block.repeated:
                # The usual panel: this interviewer rated every rated competency once.
                self._lean_for(block.interviewer, block.score_sum - shared_sum, block.size)
            else:
                distance, count = 0.0, 0
                for rating in mine[start:end]:
                    mean = shared.get(rating.competency_id)
                    if mean is not None:
                        distance += rating.score - mean
                        count += 1
                self._lean_for(block.interviewer, distance, count)
            start = end

    def _lean_for(self, interviewer: str, distance: float, count: int) -> None:
        if count:
            lean = self.lean.setdefault(interviewer, [0.0, 0])
            lean[0] += distance
            lean[1] += count

    def _problem(self, rating: PanelRating) -> None:
        if rating.competency_id not in self.weights:
            self.problems.append(f"{rating.competency_id!r} is not a competency on this scorecard")
        else:
            self.problems.append(
                f"{rating.interviewer}'s rating of candidate {rating.candidate_id} on "
                f"{rating.competency_id!r} is {rating.score!r}, not a whole number from 1 to 5"
            )

    def raise_problems(self) -> None:
        """Raise one InputError naming the first few unusable ratings, if there are any."""
        if not self.problems:
            return
        unique = list(dict.fromkeys(self.problems))
        shown = "; ".join(unique[:_MAX_NAMED_PROBLEMS])
        more = len(unique) - _MAX_NAMED_PROBLEMS
        raise InputError(
            f"Some ratings cannot be used: {shown}" + (f"; and {more} more." if more > 0 else ".")
        )

    def normalised_totals(self) -> dict[int, float]:
        """Each candidate's mean z-score of the interviewers' own weighted totals."""
        z_sums: dict[int, float] = {}
        z_counts: dict[int, int] = {}
        for totals in self.own_totals.values():
            count = len(totals)
            total_sum = sum(t for _, t in totals)
            # count² × variance, in exact integers (hundredths squared)
            spread = count * sum(t * t for _, t in totals) - total_sum * total_sum
            root = math.sqrt(spread) if count > 1 and spread > 0 else 0.0
            for candidate_id, total in totals:
                z = (count * total - total_sum) / root if root else 0.0
                z_sums[candidate_id] = z_sums.get(candidate_id, 0.0) + z
                z_counts[candidate_id] = z_counts.get(candidate_id, 0) + 1
        return {cid: round2(z_sums[cid] / z_counts[cid]) for cid in z_sums}

    def calibration(self) -> list[InterviewerCalibration]:
        """Per interviewer: ratings given, their mean and spread, and their lean against the panel."""
        result = []
        for interviewer in sorted(self.scores):
            given = self.scores[interviewer]
            if not given:
                continue
            n, total = len(given), sum(given)
            spread = n * sum(s * s for s in given) - total * total
            lean_sum, lean_count = self.lean.get(interviewer, (0.0, 0))
            result.append(
                InterviewerCalibration(
                    interviewer=interviewer,
                    count=n,
                    candidates=len(self.own_totals.get(interviewer, ())),
                    mean=round2(total / n),
                    sd=round2(math.sqrt(spread) / n) if spread > 0 else 0.0,
                    lean=round2(lean_sum / lean_count) if lean_count else 0.0,
                )
            )
        return result
