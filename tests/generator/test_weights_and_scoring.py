"""Largest-remainder weights and candidate scoring."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.scoring import check_rating, knockouts, rank_candidates, weighted_score
from generator.weights import largest_remainder, repair_weights


@pytest.mark.parametrize(
    "shares", [[1, 1, 1], [9, 0.35, 0.35], [0, 0, 0, 0, 0], [0.1] * 10, [50, 30, 20]]
)
def test_largest_remainder_sums_exactly(shares):
    result = largest_remainder(shares, total=100, minimum=1)
    assert sum(result) == 100 and min(result) >= 1


def test_repair_weights_records_a_change():
    # 97 -> 100: the three extra points go to the largest remainders, ties to the earlier item
    assert repair_weights([20, 20, 15, 15, 10, 10, 5, 2]) == ([21, 21, 16, 15, 10, 10, 5, 2], True)
    assert repair_weights([10, 10, 10, 10]) == ([25, 25, 25, 25], True)
    assert repair_weights([30, 0, 70]) == ([30, 1, 69], True)  # every weight stays positive
    assert repair_weights([50, 50]) == ([50, 50], False)


@pytest.mark.parametrize("bad", [0, 6, "five", 2.5, None, True])
def test_invalid_ratings_refused(bad):
    with pytest.raises(InputError):
        check_rating(bad)


def test_weighted_scores_knockouts_and_ranks(pinned):
    card = pinned["registered_nurse"]
    ids = [c.id for c in card.competencies]
    strong = dict.fromkeys(ids, 4)
    weak_must = dict(strong, **{next(c.id for c in card.competencies if c.must_have): 1})
    assert weighted_score(card, strong) == 4.0
    assert knockouts(card, weak_must)
    ranked = rank_candidates(card, {"A": strong, "B": weak_must, "C": {}})
    assert [r.candidate for r in ranked] == ["A", "B", "C"]
    assert ranked[0].rank == 1 and ranked[2].rank is None


def test_a_total_counts_only_the_rated_weight(pinned):
    card = pinned["registered_nurse"]  # weights 55, 10, 10, 5, 5, 5, 5, 5
    ids = [c.id for c in card.competencies]
    assert weighted_score(card, {ids[0]: 5, ids[1]: 2}) == 4.54  # (275 + 20) / 65 = 4.538...
    assert weighted_score(card, {ids[2]: "3"}) == 3.0  # unrated ones are not counted as 0
    assert weighted_score(card, {}) is None
    with pytest.raises(InputError):
        weighted_score(card, {"bedside-manner": 3})


def test_a_knockout_ranks_below_every_candidate_without_one(pinned):
    card = pinned["registered_nurse"]  # must-haves: patient-care, clinical-assessment
    ids = [c.id for c in card.competencies]
    brilliant_but_unsafe = dict.fromkeys(ids, 5) | {"clinical-assessment": 2}
    steady = dict.fromkeys(ids, 3)
    partial = {ids[0]: 4}
    ranked = rank_candidates(
        card, {"Unsafe": brilliant_but_unsafe, "Steady": steady, "Part": partial}
    )
    assert [(r.candidate, r.rank, r.weighted_score, r.complete) for r in ranked] == [
        ("Part", 1, 4.0, False),
        ("Steady", 2, 3.0, True),
        ("Unsafe", 3, 4.7, True),
    ]
    assert ranked[0].rated_weight == 55
    assert ranked[2].knockouts == (card.competency("clinical-assessment").name,)
