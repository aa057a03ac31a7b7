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


def test_weighted_scores_knockouts_and_ranks(generated):
    card = generated["registered_nurse.txt"]
    ids = [c.id for c in card.competencies]
    strong = dict.fromkeys(ids, 4)
    weak_must = dict(strong, **{next(c.id for c in card.competencies if c.must_have): 1})
    assert weighted_score(card, strong) == 4.0
    assert knockouts(card, weak_must)
    ranked = rank_candidates(card, {"A": strong, "B": weak_must, "C": {}})
    assert [r.candidate for r in ranked] == ["A", "B", "C"]
    assert ranked[0].rank == 1 and ranked[2].rank is None
