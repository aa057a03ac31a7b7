"""Matching two versions' items: comparison that ignores spacing, document order and moves."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any


def folded(value: Any) -> Any:
    """`value` with the white space of every string folded, so that spacing alone is no change."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [folded(v) for v in value]
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    return value


def same(before: Any, after: Any) -> bool:
    """Whether two JSON values are equal once white space is folded."""
    return bool(before == after or folded(before) == folded(after))


def union_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The keys of both objects: the new one's order, then any the new one dropped."""
    return [*after, *(k for k in before if k not in after)]


def unique_keys(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], str]) -> list[str]:
    """One key per item; a repeated key becomes "key#2", "key#3"... so every item can be matched."""
    seen: dict[str, int] = {}
    keys = []
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        keys.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return keys


def document_order(
    old_keys: list[str], new_keys: list[str], *, moved: Collection[str] = ()
) -> list[str]:
    """Keys of both versions in the new order, each removed key after its old predecessor.

    The predecessor is the nearest earlier old key that did not move, so a removed item stays
    where it was even when its neighbour was moved elsewhere.
    """
    merged = list(new_keys)
    placed = set(merged)
    anchor: str | None = None
    for k in old_keys:
        if k not in placed:
            merged.insert(merged.index(anchor) + 1 if anchor is not None else 0, k)
            placed.add(k)
        if k not in moved:
            anchor = k
    return merged


def moved_keys(
    old_keys: list[str], new_keys: list[str], *, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """Keys in both versions that changed place: those off a longest common subsequence.

    Additions and removals alone move nothing. Among equally long subsequences the walk
    always prefers dropping the old item first, so the same edit reports the same moves.
    """
    common = (set(old_keys) & set(new_keys)) - exclude
    a = [k for k in old_keys if k in common]
    b = [k for k in new_keys if k in common]
    if a == b:
        return []
    n, m = len(a), len(b)
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            longest[i][j] = (
                longest[i + 1][j + 1] + 1
                if a[i] == b[j]
                else max(longest[i + 1][j], longest[i][j + 1])
            )
    kept: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return [k for k in b if k not in kept]


def ordinal(n: int) -> str:
    """1 -> "1st", 12 -> "12th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_names(names: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"; [] -> ""."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def quote(text: str, limit: int = 60) -> str:
    """A text in typographic quotes, cut at `limit` characters."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"
