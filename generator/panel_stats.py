"""The panel's arithmetic over numpy arrays, one row per rating; see `generator.panel` for the rules.

Every number is the one the plain rules give, to the last bit. Means and totals are whole
hundredths from integer arithmetic. The floats (the lean and the z-scores) are added in the order a
loop over the candidates meets them, since float addition is not associative: candidates as
listed, each one's ratings sorted by interviewer name, then competency id; each Σ starts at 0.0, or
is the builtin `sum` where that loop uses it.

The ratings are put in two orders, both stable so a repeated rating keeps its place. By cell:
candidate, competency, interviewer; each (candidate, competency) cell is then a run, its scores in
interviewer order. By block: candidate, interviewer, competency id as text; each (candidate,
interviewer) block is one interviewer's ratings of one candidate, the order the loop reads them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce
from itertools import islice
from operator import add

import numpy as np
import numpy.typing as npt

from generator.scoring import DISAGREEMENT_GAP, KNOCKOUT_AT_MOST, round2

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
RATED, KNOCKED_OUT, UNRATED = 0, 1, 2  # rank groups: every knockout below every other rated one
_PLACE_AT_MOST = 8  # key slots per rating below which _stable_order places rather than sorts
_EXACT_BELOW = 2.0**40  # round2_all's float comparisons decide as ROUND's decimals do below this
_ROUND2_STEPS = 4


@dataclass
class Ratings:
    """Checked ratings as parallel columns of positions."""

    candidate: Ints  # in the candidate list
    interviewer: Ints  # in the sorted interviewer names
    competency: Ints  # on the scorecard
    score: Ints  # 1 to 5
    interviewers: int  # how many names


@dataclass
class Card:
    weight: Ints  # by scorecard position
    must_have: Bools
    text_rank: Ints  # each competency's place when the ids are sorted as text


@dataclass
class Panel:
    """Per candidate × competency (candidate list × scorecard order), per candidate, per
    interviewer (by name)."""

    scores: list[int]  # a cell's scores are scores[start:stop], in interviewer order
    start: Ints
    stop: Ints
    mean_h: Ints  # in hundredths, halves up
    low: Bools  # a must-have some interviewer rated 2 or lower
    knockout: Bools  # ... and its mean is 2 or lower
    disagreement: Bools
    rated_weight: Ints
    total_h: Ints
    group: Ints
    complete: Bools
    normalised: list[float | None]
    calibration: list[tuple[int, int, int, int, float, int]]  # n, Σ, Σ², candidates, lean Σ, n


@dataclass
class _Cells:
    order: Ints  # the ratings by cell
    first: Ints  # where each rated cell's run begins in that order
    count: Ints  # ratings per rated cell
    exact: Floats  # exact mean per rated cell
    candidate: Ints  # per rated cell
    dense_count: Ints  # per candidate × competency


@dataclass
class _Blocks:
    order: Ints  # the ratings by block
    first: Ints
    size: Ints
    who: Ints  # interviewer per block
    candidate: Ints
    own_h: Ints  # the interviewer's own weighted total of the candidate, in hundredths
    score_sum: Ints
    repeated: Bools  # a competency rated twice by one interviewer (not from the database)


def panel(r: Ratings, card: Card, n_candidates: int) -> Panel:
    """Means, knockouts and totals of every candidate; z-scores; each interviewer's calibration."""
    n_comp = len(card.weight)
    shape = (n_candidates, n_comp)
    if not len(r.score):
        none = np.zeros(shape, dtype=np.int64)
        return Panel(
            [], none, none, none, none > 0, none > 0, none > 0, none[:, 0], none[:, 0],
            np.full(n_candidates, UNRATED), none[:, 0] == n_comp, [None] * n_candidates, [],
        )  # fmt: skip
    key = (r.candidate * n_comp + r.competency) * r.interviewers + r.interviewer
    by_cell, unique = _stable_order(key, n_candidates * n_comp * r.interviewers)
    cell = (key // r.interviewers)[by_cell]
    score = r.score[by_cell]
    first = _run_starts(cell)
    count = np.diff(first, append=len(cell))
    cell_sum = np.add.reduceat(score, first)
    dense_count = _dense(shape, cell[first], count, 0)
    cells = _Cells(by_cell, first, count, cell_sum / count, cell[first] // n_comp, dense_count)
    lowest = _dense(shape, cell[first], np.minimum.reduceat(score, first), 9)
    highest = _dense(shape, cell[first], np.maximum.reduceat(score, first), 0)
    mean_h = (200 * _dense(shape, cell[first], cell_sum, 0) + dense_count) // (
        2 * np.maximum(dense_count, 1)
    )  # half_up(100 × Σ, count)
    rated = dense_count > 0
    low = card.must_have & (lowest <= KNOCKOUT_AT_MOST)
    knockout = low & (mean_h <= 100 * KNOCKOUT_AT_MOST)
    rated_weight = (card.weight * rated).sum(axis=1)
    numerator = (card.weight * mean_h).sum(axis=1)  # mean_h is 0 where unrated
    start = _dense(shape, cell[first], first, 0)
    blocks = _blocks(r, card, unique, n_candidates)
    normalised = _normalised(blocks, n_candidates, r.interviewers)
    return Panel(
        scores=score.tolist(),
        start=start,
        stop=start + dense_count,
        mean_h=mean_h,
        low=low,
        knockout=knockout,
        disagreement=(dense_count > 1) & (highest - lowest >= DISAGREEMENT_GAP),
        rated_weight=rated_weight,
        total_h=(2 * numerator + rated_weight) // (2 * np.maximum(rated_weight, 1)),
        group=np.where(
            rated_weight == 0, UNRATED, np.where(knockout.any(axis=1), KNOCKED_OUT, RATED)
        ),
        complete=rated.sum(axis=1) == n_comp,
        normalised=normalised,
        calibration=_calibration(r, card, cells, blocks),
    )


def _blocks(r: Ratings, card: Card, unique: bool, n_candidates: int) -> _Blocks:
    n_comp, n_people = len(card.weight), r.interviewers
    block = r.candidate * n_people + r.interviewer
    by_block, _ = _stable_order(
        block * n_comp + card.text_rank[r.competency], n_candidates * n_people * n_comp
    )
    block, competency, score = block[by_block], r.competency[by_block], r.score[by_block]
    weight = card.weight[competency]
    first = _run_starts(block)
    size = np.diff(first, append=len(block))
    rated_weight = np.add.reduceat(weight, first)
    repeated = np.zeros(len(first), dtype=bool)
    if not unique:
        again = np.flatnonzero((block[1:] == block[:-1]) & (competency[1:] == competency[:-1]))
        repeated[np.searchsorted(first, again + 1, side="right") - 1] = True
    return _Blocks(
        order=by_block,
        first=first,
        size=size,
        who=block[first] % n_people,
        candidate=block[first] // n_people,
        own_h=(200 * np.add.reduceat(weight * score, first) + rated_weight) // (2 * rated_weight),
        score_sum=np.add.reduceat(score, first),
        repeated=repeated,
    )


def _calibration(
    r: Ratings, card: Card, cells: _Cells, blocks: _Blocks
) -> list[tuple[int, int, int, int, float, int]]:
    """Per interviewer: ratings given, Σ and Σ² of their scores, candidates rated, and the Σ and
    count of their ratings' distances from the exact panel mean (cells rated two times or more)."""
    n_people = r.interviewers
    n_candidates, n_comp = cells.dense_count.shape
    rated_cells = np.bincount(cells.candidate, minlength=n_candidates)
    shared_cells = np.bincount(cells.candidate[cells.count > 1], minlength=n_candidates)
    everywhere = (rated_cells > 0) & (shared_cells == rated_cells)
    # The usual panel: every rated cell has two ratings or more and this interviewer rated each
    # once; the loop then takes Σ scores − Σ means. Otherwise it adds rating by rating.
    whole = everywhere[blocks.candidate] & (blocks.size == rated_cells[blocks.candidate])
    whole &= ~blocks.repeated
    means_sums = _means_sums(r, card, cells, everywhere, rated_cells)
    distance = np.where(whole, blocks.score_sum - means_sums[blocks.candidate], 0.0)
    counted = np.where(whole, blocks.size, 0)
    if not whole.all():
        cell_number = np.empty(len(r.score), dtype=np.int64)
        cell_number[cells.order] = np.repeat(np.arange(len(cells.first)), cells.count)
        in_cell = cell_number[blocks.order]
        block_of = np.repeat(np.arange(len(blocks.first)), blocks.size)
        step = (cells.count[in_cell] > 1) & ~whole[block_of]
        stepped = block_of[step]
        if len(stepped):
            starts = _run_starts(stepped)
            steps = r.score[blocks.order][step] - cells.exact[in_cell[step]]
            distance[stepped[starts]] = _running_sums(steps, starts)
            counted[stepped[starts]] = np.diff(starts, append=len(stepped))
    # Σ distance per interviewer, candidate by candidate from 0.0.
    by_who = np.argsort(blocks.who, kind="stable")
    gives = counted[by_who] > 0
    leaners = blocks.who[by_who][gives]
    lean_sums = [0.0] * n_people
    distances = iter(distance[by_who][gives].tolist())
    for person, n in zip(*np.unique(leaners, return_counts=True), strict=True):
        lean_sums[person] = reduce(add, islice(distances, int(n)), 0.0)
    people = r.interviewer
    return list(
        zip(
            np.bincount(people, minlength=n_people).tolist(),
            np.bincount(people, weights=r.score, minlength=n_people).astype(np.int64).tolist(),
            np.bincount(people, weights=r.score * r.score, minlength=n_people)
            .astype(np.int64)
            .tolist(),
            np.bincount(blocks.who, minlength=n_people).tolist(),
            lean_sums,
            np.bincount(leaners, weights=counted[by_who][gives], minlength=n_people)
            .astype(np.int64)
            .tolist(),
            strict=True,
        )
    )


def _means_sums(
    r: Ratings, card: Card, cells: _Cells, everywhere: Bools, rated_cells: Ints
) -> Floats:
    """For candidates with two ratings or more on every rated competency, the builtin `sum` of
    those competencies' exact means, in the order the loop first meets each competency: by the
    first interviewer name that rated it, then by competency id as text."""
    n_comp = len(card.weight)
    sums = np.zeros(len(everywhere))
    mine = np.flatnonzero(everywhere[cells.candidate])
    if len(mine):
        first_name = r.interviewer[cells.order[cells.first[mine]]]
        cell = r.competency[cells.order[cells.first[mine]]]
        met = (cells.candidate[mine] * r.interviewers + first_name) * n_comp + card.text_rank[cell]
        means = iter(cells.exact[mine[np.argsort(met)]].tolist())
        lengths = rated_cells[everywhere].tolist()
        if len(set(lengths)) == 1:  # the same competencies rated for each: sum tuples of them
            sums[everywhere] = list(map(sum, zip(*[means] * lengths[0], strict=True)))
        else:
            sums[everywhere] = [sum(islice(means, n)) for n in lengths]
    return sums


def _normalised(blocks: _Blocks, n_candidates: int, n_people: int) -> list[float | None]:
    """Per candidate, the mean z-score of the interviewers' own totals (None if unrated).

    Spreads are exact integers (hundredths squared); each candidate's z-scores are added in the
    order the interviewers first appear in the candidate list."""
    who, own = blocks.who, blocks.own_h
    n_own = np.bincount(who, minlength=n_people)
    own_sum = np.bincount(who, weights=own, minlength=n_people).astype(np.int64)
    squares = np.bincount(who, weights=own * own, minlength=n_people).astype(np.int64)
    roots = []
    for n, total, square in zip(n_own.tolist(), own_sum.tolist(), squares.tolist(), strict=True):
        spread = n * square - total * total  # n² × variance
        roots.append(math.sqrt(spread) if n > 1 and spread > 0 else 0.0)
    root = np.array(roots)[who]
    z = np.zeros(len(who))
    np.divide((n_own[who] * own - own_sum[who]).astype(np.float64), root, out=z, where=root != 0)
    first_block = np.full(n_people, len(who), dtype=np.int64)
    np.minimum.at(first_block, who, np.arange(len(who)))
    met = np.empty(n_people, dtype=np.int64)
    met[np.argsort(first_block)] = np.arange(n_people)
    by_candidate = np.argsort(blocks.candidate * n_people + met[who])
    candidate = blocks.candidate[by_candidate]
    starts = _run_starts(candidate)
    z_sums = _running_sums(z[by_candidate], starts)
    normalised: list[float | None] = [None] * n_candidates
    means = round2_all(z_sums / np.diff(starts, append=len(candidate)))
    for position, value in zip(candidate[starts].tolist(), means, strict=True):
        normalised[position] = value
    return normalised


def round2_all(values: Floats) -> list[float]:
    """`round2` of each value: ROUND(x, 2) of the shortest decimal that reads back as x.

    That decimal is at or above a halfway point h = (2k + 1) / 200 exactly when x is at or above
    float(h), the double nearest to h, which is the quotient (2k + 1) / 200 in doubles.
    """
    size = np.abs(values)
    if (size < _EXACT_BELOW).all():
        k = np.floor(size * 100 + 0.5)
        for _ in range(_ROUND2_STEPS):
            down = (k >= 1) & (size < (2 * k - 1) / 200)
            fixed = k - down + (size >= (2 * (k - down) + 1) / 200)
            if (fixed == k).all():
                rounded = k / 100
                return (np.where(values < 0, -rounded, rounded) + 0.0).tolist()
            k = fixed
    return [round2(value) for value in values.tolist()]


def _running_sums(values: Floats, starts: Ints) -> Floats:
    """Σ of each run of values (runs begin at starts), added left to right from 0.0."""
    lengths = np.diff(starts, append=len(values))
    longest_first = np.argsort(-lengths, kind="stable")
    longer_than = np.searchsorted(-lengths[longest_first], -np.arange(lengths.max()), side="left")
    sums = np.zeros(len(starts))
    for j, runs in enumerate(longer_than.tolist()):
        active = longest_first[:runs]
        sums[active] += values[starts[active] + j]
    return sums


def _stable_order(key: Ints, slots: int) -> tuple[Ints, bool]:
    """The stable sort order of key (each below slots), and whether no key is there twice.

    The database holds one rating per candidate, competency and interviewer; then, with few
    enough slots, putting each rating in its key's slot gives the sorted order without a sort.
    """
    if slots <= _PLACE_AT_MOST * (len(key) + 1024):
        placed = np.full(slots, -1, dtype=np.int64)
        placed[key] = np.arange(len(key))
        order = placed[placed >= 0]
        if len(order) == len(key):
            return order, True
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    return order, bool((ordered[1:] != ordered[:-1]).all())


def _run_starts(ordered: Ints) -> Ints:
    """Where each run of equal values begins (ordered is not empty)."""
    return np.flatnonzero(np.append(True, ordered[1:] != ordered[:-1]))


def _dense(shape: tuple[int, int], where: Ints, values: Ints, empty: int) -> Ints:
    out = np.full(shape[0] * shape[1], empty, dtype=np.int64)
    out[where] = values
    return out.reshape(shape)
