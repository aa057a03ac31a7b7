"""Build the question bank: balanced categories, every competency asked at least twice, no near-duplicates."""

from __future__ import annotations

from collections import Counter

from generator.interview_plan import plan_category_targets
from generator.library import CATEGORIES, LibraryQuestion
from generator.schema import Question
from generator.text import jaccard, tokens
from generator.weights import largest_remainder

NEAR_DUPLICATE = 0.6


def build_question_bank(
    candidates: list[tuple[str, float, list[tuple[LibraryQuestion, str, tuple[str, ...]]]]],
    total: int,
    documents: dict[str, str],
) -> list[Question]:
    """Choose `total` questions from each competency's tailored candidates.

    Args:
        candidates: per competency (id, weight, [(library question, tailored text, tailored follow-ups)]).
        total: how many questions the bank holds.
        documents: competency id -> text used to find a second competency a question evaluates.
    """
    per_competency = _allocate(candidates, total)
    targets = plan_category_targets(total)
    have: Counter[str] = Counter()
    picked: list[tuple[str, str, str, tuple[str, ...]]] = []
    for (cid, _weight, options), quota in zip(candidates, per_competency, strict=True):
        available = list(options)
        for _ in range(quota):
            available.sort(
                key=lambda o: (
                    -(targets[o[0].category] - have[o[0].category]),
                    CATEGORIES.index(o[0].category),
                )
            )
            choice = next(
                (o for o in available if all(jaccard(o[1], p[2]) < NEAR_DUPLICATE for p in picked)),
                None,
            )
            if choice is None:
                break
            available.remove(choice)
            have[choice[0].category] += 1
            picked.append((cid, choice[0].category, choice[1], choice[2]))
    picked.sort(key=lambda p: CATEGORIES.index(p[1]))
    return [
        Question(
            id=f"q{i}",
            category=category,  # type: ignore[arg-type]
            text=text,
            follow_ups=list(follow_ups),
            competencies=_evaluates(cid, text, documents),
        )
        for i, (cid, category, text, follow_ups) in enumerate(picked, start=1)
    ]


def _allocate(candidates: list, total: int) -> list[int]:
    n = len(candidates)
    base = [2] * n
    spare = total - 2 * n
    if spare <= 0:
        return [max(1, total // n + (1 if i < total % n else 0)) for i in range(n)]
    extra = largest_remainder([w for _, w, _ in candidates], total=spare + n, minimum=1)
    alloc = [min(4, b + e - 1) for b, e in zip(base, extra, strict=True)]
    i = 0
    while sum(alloc) < total and i < 4 * n:
        j = i % n
        if alloc[j] < 4:
            alloc[j] += 1
        i += 1
    return alloc


def _evaluates(primary: str, text: str, documents: dict[str, str]) -> list[str]:
    """The primary competency, plus a second one the question clearly also probes."""
    words = set(tokens(text))
    best, best_score = None, 0
    for cid, doc in documents.items():
        if cid == primary:
            continue
        score = len(words & set(tokens(doc)))
        if score > best_score:
            best, best_score = cid, score
    return [primary, best] if best and best_score >= 3 else [primary]
