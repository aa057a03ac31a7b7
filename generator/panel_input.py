"""Panel ratings checked and turned into integer columns for `generator.panel_stats`.

A ranking reads 32,000 ratings, so they are read once into columns and each column is looked up
in one call; the ratings are gone over one by one only to name unusable ones in an error.
"""

from __future__ import annotations

import struct
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np

from generator.errors import InputError
from generator.panel_stats import Ratings
from generator.schema import Scorecard
from generator.scoring import CandidateEntry, PanelRating

_FIELDS = ("candidate_id", "interviewer", "competency_id", "score")  # PanelRating's first four
_MAX_NAMED_PROBLEMS = 5
_BYTE = 256  # lookups with fewer values than this go through bytes
_TABLE_AT_MOST = 8  # table slots per candidate for looking candidate ids up in a table
_BY_INTERVIEWER_AND_COMPETENCY = attrgetter("interviewer", "competency_id")


def read_ratings(
    card: Scorecard,
    candidates: list[CandidateEntry],
    ratings: list[PanelRating],
    positions: dict[Any, int],
) -> tuple[Ratings, list[str]]:
    """The ratings as columns of positions, and the interviewers' names in sorted order.

    Args:
        positions: each candidate id's place in `candidates`.

    Raises:
        InputError: naming the first few unusable ratings (as `rank_panel` documents).
    """
    columns: list[list[Any]]
    if set(map(type, ratings)) <= {PanelRating}:
        # One pass over the ratings, then over columns only. Not zip(*ratings): its 32,000
        # iterators, alive together, would set off the garbage collector.
        flat = list(chain.from_iterable(ratings))
        width = len(PanelRating._fields)
        columns = [flat[n::width] for n in range(len(_FIELDS))]
    else:
        columns = [list(map(attrgetter(name), ratings)) for name in _FIELDS]
    candidate_ids, names, competency_ids, scores = columns
    try:
        candidate = _candidate_positions(candidate_ids, candidates, positions)
        competency = _look_up(competency_ids, {c.id: n for n, c in enumerate(card.competencies)})
        if not set(map(type, scores)) <= {int}:  # as `score.__class__ is int`: no bool, no float
            raise TypeError("not a whole number")
        score = np.frombuffer(bytes(scores), dtype=np.uint8).astype(np.int64)
        if len(score) and not 1 <= score.min() <= score.max() <= 5:
            raise ValueError("outside the scale")
        people = sorted(set(names))
        interviewer = _look_up(names, {name: n for n, name in enumerate(people)})
    except (KeyError, TypeError, ValueError, OverflowError):
        problems = _problems(card, candidates, ratings)
        if problems:
            raise InputError(_problem_message(problems)) from None
        raise
    return Ratings(candidate, interviewer, competency, score, len(people)), people


def _candidate_positions(
    candidate_ids: list[Any], candidates: list[CandidateEntry], positions: dict[Any, int]
) -> np.ndarray:
    """Each rating's candidate's place in the list (KeyError for a candidate not in it)."""
    try:  # whole-number ids, the usual case: found by a binary search over all at once
        given = _int64s(candidate_ids)
        listed = _int64s([e.candidate_id for e in candidates])
    except struct.error:
        return _look_up(candidate_ids, positions)
    if not len(given):
        return given
    if not len(listed):
        raise KeyError("not among the candidates")
    low, high = int(listed.min()), int(listed.max())
    if high - low < _TABLE_AT_MOST * (len(listed) + 1024):  # ids close together: a table
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[listed - low] = np.arange(len(listed))
        inside = (given >= low) & (given <= high)
        found = table[np.where(inside, given - low, 0)]
        if not (inside & (found >= 0)).all():
            raise KeyError("not among the candidates")
        return found
    by_id = np.argsort(listed)
    at = np.minimum(np.searchsorted(listed[by_id], given), len(listed) - 1)
    if not (listed[by_id[at]] == given).all():
        raise KeyError("not among the candidates")
    return by_id[at]


def _look_up(keys: list[Any], numbers: dict[Any, int]) -> np.ndarray:
    """numbers[key] for each key (KeyError for an unknown key)."""
    found = itemgetter(*keys)(numbers) if len(keys) > 1 else [numbers[k] for k in keys]
    if len(numbers) <= _BYTE:
        return np.frombuffer(bytes(found), dtype=np.uint8).astype(np.int64)
    return _int64s(found)


def _int64s(values: Any) -> np.ndarray:
    """Whole numbers as an array (struct.error if one is not a whole number or is too large)."""
    return np.frombuffer(struct.pack(f"{len(values)}q", *values), dtype=np.int64)


def _problems(
    card: Scorecard, candidates: list[CandidateEntry], ratings: list[PanelRating]
) -> list[str]:
    """Every unusable rating, in order: candidates not in the list, in the order of the ratings;
    then each candidate's ratings, sorted by interviewer and competency id."""
    known = {c.id for c in card.competencies}
    problems = []
    by_candidate: dict[Any, list[PanelRating]] = {e.candidate_id: [] for e in candidates}
    for rating in ratings:
        try:
            by_candidate[rating.candidate_id].append(rating)
        except KeyError:
            problems.append(f"candidate {rating.candidate_id} is not among the candidates")
    for entry in candidates:
        for rating in sorted(by_candidate[entry.candidate_id], key=_BY_INTERVIEWER_AND_COMPETENCY):
            score = rating.score
            if rating.competency_id not in known:
                problems.append(f"{rating.competency_id!r} is not a competency on this scorecard")
            elif score.__class__ is not int or not 0 < score < 6:
                problems.append(
                    f"{rating.interviewer}'s rating of candidate {rating.candidate_id} on "
                    f"{rating.competency_id!r} is {score!r}, not a whole number from 1 to 5"
                )
    return problems


def _problem_message(problems: list[str]) -> str:
    unique = list(dict.fromkeys(problems))
    shown = "; ".join(unique[:_MAX_NAMED_PROBLEMS])
    more = len(unique) - _MAX_NAMED_PROBLEMS
    return f"Some ratings cannot be used: {shown}" + (f"; and {more} more." if more > 0 else ".")
