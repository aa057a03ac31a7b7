"""Whole-number weights that sum exactly to a total, by the largest remainder method."""

from __future__ import annotations


def largest_remainder(shares: list[float], *, total: int = 100, minimum: int = 1) -> list[int]:
    """Split `total` into whole numbers proportional to `shares`, each at least `minimum`.

    Args:
        shares: non-negative relative sizes, one per item.
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
    spare = total - minimum * n
    weight_sum = sum(max(s, 0.0) for s in shares) or float(n)
    exact = [(max(s, 0.0) if weight_sum else 1.0) / weight_sum * spare for s in shares]
    floors = [int(e) for e in exact]
    remaining = spare - sum(floors)
    by_remainder = sorted(range(n), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:remaining]:
        floors[i] += 1
    return [minimum + f for f in floors]


def repair_weights(weights: list[int], *, total: int = 100) -> tuple[list[int], bool]:
    """Rescale weights that drift from `total` deterministically; report whether they changed."""
    if sum(weights) == total and all(w > 0 for w in weights):
        return list(weights), False
    return largest_remainder([float(max(w, 0)) for w in weights], total=total, minimum=1), True
