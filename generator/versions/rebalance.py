"""Rebalance competency weights to whole percentages that sum to exactly 100."""

from __future__ import annotations

from fractions import Fraction

from generator.errors import InputError
from generator.weights import largest_remainder

TOTAL = 100


def rebalance_weights(weights: list[int], *, keep: set[int] | None = None) -> list[int]:
    """Scale weights in proportion so they sum to exactly 100, keeping the ones the user set.

    The weights not kept share what the kept ones leave, in proportion to their current
    values, by the largest remainder method with exact arithmetic: each gets at least 1 and
    equal remainders go to the earlier weight. When all of them are zero they share evenly.

    Args:
        weights: whole percentages in competency order; they need not sum to 100.
        keep: indices of weights to leave exactly as they are (the ones the user just typed).

    Returns:
        Whole percentages, at least 1 each, that sum to exactly 100, in the same order.

    Raises:
        InputError: there is nothing to rebalance, a kept index or weight is unusable, or the
            kept weights leave less than 1% for each of the others.
    """
    kept = set(keep or ())
    if not weights:
        raise InputError("There are no weights to rebalance; add a competency first.")
    for index in sorted(kept):
        if not 0 <= index < len(weights):
            raise InputError(
                f"Cannot keep weight number {index + 1}: there are only {len(weights)} weights."
            )
        if weights[index] < 1:
            raise InputError(
                f"Weight number {index + 1} is {weights[index]}%; a weight you keep must be at least 1%."
            )
    free = [i for i in range(len(weights)) if i not in kept]
    kept_total = sum(weights[i] for i in kept)
    left = TOTAL - kept_total
    if not free:
        if left:
            raise InputError(
                f"The weights add up to {kept_total}%, not 100%, and every one is kept; "
                "let at least one change so it can take up the difference."
            )
        return list(weights)
    if left < len(free):
        raise InputError(
            f"The weights you kept add up to {kept_total}%, which leaves {left}% for the other "
            f"{len(free)}; each needs at least 1%, so the kept weights can total at most "
            f"{TOTAL - len(free)}%. Lower one of them."
        )
    shares = [Fraction(max(weights[i], 0)) for i in free]
    result = list(weights)
    for index, weight in zip(free, largest_remainder(shares, total=left, minimum=1), strict=True):
        result[index] = weight
    return result
