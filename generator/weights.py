"""Whole-number weights that sum exactly to a total, by the largest remainder method."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(
    shares: Sequence[float] | Sequence[Fraction], *, total: int = 100, minimum: int = 1
) -> list[int]:
    """Split `total` into whole numbers proportional to `shares`, each at least `minimum`.

    Quotas are computed in the type of the shares: floats as floats (what the generator has
    always done), `Fraction`s exactly, so that equal remainders really tie and the earlier
    item wins, which is what a user rebalancing whole-number weights expects.

    Args:
        shares: non-negative relative sizes, one per item (all floats or all Fractions).
        total: the sum the result must reach exactly.
        minimum: the smallest whole number any item may get.

    Returns:
        Whole numbers, in the same order as `shares`, that sum to `total`.

    Raises:
        ValueError: the minimum cannot be met for this many items.
    """
    n = len(shares)
    if n == 0:
        return []
    if minimum * n > total:
        raise ValueError(f"cannot give {n} items at least {minimum} each out of {total}")
    clean = [max(s, 0) for s in shares]
    share_sum = sum(clean)
    # All-zero shares split evenly; equal quotas tie, so their type does not matter.
    exact = [c / share_sum * total for c in clean] if share_sum else [Fraction(total, n)] * n
    result = [max(minimum, int(e)) for e in exact]
    # Hand out what is left by largest remainder, or take back from the largest items.
    by_remainder = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    i = 0
    while sum(result) < total:
        result[by_remainder[i % n]] += 1
        i += 1
    while sum(result) > total:
        j = max(
            (k for k in range(n) if result[k] > minimum),
            key=lambda k: (result[k] - exact[k], result[k]),
        )
        result[j] -= 1
    return result


def repair_weights(weights: list[int], *, total: int = 100) -> tuple[list[int], bool]:
    """Rescale weights that drift from `total` deterministically; report whether they changed."""
    if sum(weights) == total and all(w > 0 for w in weights):
        return list(weights), False
    return largest_remainder([float(max(w, 0)) for w in weights], total=total, minimum=1), True
