"""Panel scoring: several interviewers rate each candidate; totals, knockouts, ranks, calibration.

The web comparison, the API ranking, the CSV and the workbooks all use `rank_panel` (reached as
`generator.scoring.rank_panel`), so a workbook formula and the web ranking never disagree. Means
and totals are kept in whole hundredths and rounded half away from zero, as ROUND does in Excel
and LibreOffice. The rules, one candidate at a time:

- a competency's mean is the mean of its ratings; a must-have whose mean is 2 or lower knocks the
  candidate out, and one that any interviewer rated 2 or lower is flagged;
- the weighted total is Σ weight × mean ÷ Σ weight over the rated competencies;
- candidates rank by total, every knockout below every other rated candidate; ties share a rank
  and are listed by name, then id; unrated candidates come last with rank None;
- an interviewer's own total for a candidate is the weighted total of their ratings alone; a
  candidate's normalised total is the mean of the z-scores of those totals, each interviewer's
  among the candidates they rated;
- an interviewer's lean is the mean of (their rating − the exact mean of all ratings) over the
  (candidate, competency) pairs rated two times or more.

Built for size (1,000 candidates × 4 interviewers × 8 competencies): `generator.panel_input`
reads the ratings into integer columns, `generator.panel_stats` does the arithmetic over whole
arrays, and the standings here are built column by column, without a Python loop per rating.
"""

from __future__ import annotations

import math
from itertools import repeat
from typing import cast

import numpy as np

from generator.errors import InputError
from generator.panel_input import read_ratings
from generator.panel_stats import UNRATED, Card, Panel, panel
from generator.schema import Scorecard
from generator.scoring import (
    CandidateEntry,
    CandidateStanding,
    CompetencyStanding,
    InterviewerCalibration,
    PanelRanking,
    PanelRating,
    round2,
)


def rank_panel(
    card: Scorecard, candidates: list[CandidateEntry], ratings: list[PanelRating]
) -> PanelRanking:
    """The ranking behind `generator.scoring.rank_panel`; see its docstring for the contract."""
    positions = {e.candidate_id: n for n, e in enumerate(candidates)}
    if len(positions) != len(candidates):
        raise InputError("Each candidate may appear only once in a ranking.")
    checked, people = read_ratings(card, candidates, ratings, positions)
    ids = [c.id for c in card.competencies]
    text_order = sorted(range(len(ids)), key=ids.__getitem__)
    found = panel(
        checked,
        Card(
            weight=np.array([c.weight for c in card.competencies], dtype=np.int64),
            must_have=np.array([c.must_have for c in card.competencies], dtype=bool),
            text_rank=np.argsort(np.array(text_order, dtype=np.int64)),
        ),
        len(candidates),
    )
    return PanelRanking(
        candidates=_standings(ids, candidates, found), calibration=_calibration(people, found)
    )


def _standings(
    ids: list[str], candidates: list[CandidateEntry], found: Panel
) -> list[CandidateStanding]:
    """The standings in rank order, built a column (one field of every standing) at a time."""
    groups, totals = found.group.tolist(), found.total_h.tolist()
    keys = list(
        zip(
            groups,
            [-t for t in totals],
            [e.name for e in candidates],
            [e.candidate_id for e in candidates],
            strict=True,
        )
    )
    order = sorted(range(len(candidates)), key=keys.__getitem__)
    rows = np.array(order, dtype=np.int64)
    rated = int((found.group != UNRATED).sum())  # unrated candidates come last
    unrated: list[None] = [None] * (len(order) - rated)
    ranks: list[int | None] = [*_ranks(found.group[rows], found.total_h[rows])[:rated], *unrated]
    entries = [candidates[n] for n in order]
    knockout = found.knockout[rows]
    knocked_out = cast(list[bool], knockout.any(axis=1).tolist())
    return list(
        map(
            CandidateStanding,
            [e.candidate_id for e in entries],
            [e.name for e in entries],
            ranks,
            [*(totals[n] / 100 for n in order[:rated]), *unrated],
            found.rated_weight[rows].tolist(),
            knocked_out,
            _named(ids, knockout),
            _named(ids, found.low[rows]),
            found.complete[rows].tolist(),
            [e.feedback_submitted for e in entries],
            [e.feedback_expected for e in entries],
            _competencies(ids, found, rows),
            _named(ids, found.disagreement[rows]),
            [dict(e.recommendations) for e in entries],
            [found.normalised[n] for n in order],
        )
    )


def _ranks(groups: np.ndarray, totals: np.ndarray) -> list[int]:
    """1 + the number of rows ahead, for rows in rank order: tied rows share the first one's."""
    n = len(groups)
    new = np.ones(n, dtype=bool)
    new[1:] = (groups[1:] != groups[:-1]) | (totals[1:] != totals[:-1])
    ranks: list[int] = np.maximum.accumulate(np.where(new, np.arange(1, n + 1), 0)).tolist()
    return ranks


def _named(ids: list[str], flags: np.ndarray) -> list[list[str]]:
    """Per row, the ids whose flag is set, in scorecard order (a new list each)."""
    rows, columns = np.nonzero(flags)
    named = np.array(ids, dtype=object)[columns].tolist()
    stops = np.cumsum(np.bincount(rows, minlength=len(flags))).tolist()
    return [named[start:stop] for start, stop in zip([0, *stops], stops, strict=False)]


def _competencies(
    ids: list[str], found: Panel, rows: np.ndarray
) -> list[dict[str, CompetencyStanding]]:
    """Per row, each competency's mean, ratings and must-have flag, in scorecard order."""
    start, stop = found.start[rows].ravel(), found.stop[rows].ravel()
    scores = found.scores
    lists = [scores[a:b] for a, b in zip(start.tolist(), stop.tolist(), strict=True)]
    means: list[float | None] = (found.mean_h[rows] / 100).ravel().tolist()
    for unrated in np.flatnonzero(start == stop).tolist():
        means[unrated] = None
    lows = found.low[rows].ravel().tolist()
    # A named tuple: tuple.__new__ builds each one without a call to Python code.
    standings = map(tuple.__new__, repeat(CompetencyStanding), zip(means, lists, lows, strict=True))
    return [dict(zip(ids, standings, strict=False)) for _ in range(len(rows))]  # a row at a time


def _calibration(people: list[str], found: Panel) -> list[InterviewerCalibration]:
    """Per interviewer: ratings given, their mean and spread, and their lean against the panel."""
    result = []
    for interviewer, (n, total, squares, candidates, lean_sum, lean_count) in zip(
        people, found.calibration, strict=True
    ):
        spread = n * squares - total * total
        result.append(
            InterviewerCalibration(
                interviewer=interviewer,
                count=n,
                candidates=candidates,
                mean=round2(total / n),
                sd=round2(math.sqrt(spread) / n) if spread > 0 else 0.0,
                lean=round2(lean_sum / lean_count) if lean_count else 0.0,
            )
        )
    return result
