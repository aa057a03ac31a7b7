"""The LLM question bank: calls of at most four questions, in parallel, covering every competency twice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from generator.interview_plan import plan_category_targets
from generator.llm.drafts import CompetencyDraft, QuestionBankDraft, QuestionDraft
from generator.llm.structured import RunContext, ask
from generator.profile import RoleProfile
from generator.schema import Question
from generator.text import jaccard

# Questions per call: a category with more is split so the calls take about as long.
BATCH_SIZE = 4


def assign_coverage(chosen: list[CompetencyDraft], targets: dict[str, int]) -> dict[str, list[str]]:
    """Which competencies each category's questions must cover, so that each is asked at least twice."""
    required: dict[str, list[str]] = {category: [] for category in targets}
    for _ in range(2):
        for competency in chosen:
            open_categories = [
                c
                for c in targets
                if competency.id not in required[c] and len(required[c]) < targets[c]
            ]
            if open_categories:
                best = max(
                    open_categories,
                    key=lambda c: (targets[c] - len(required[c]), -list(targets).index(c)),
                )
                required[best].append(competency.id)
    return required


async def question_bank(
    ctx: RunContext,
    profile: RoleProfile,
    chosen: list[CompetencyDraft],
    total: int,
    instruction: str | None = None,
) -> list[Question]:
    """The question bank: one call per category, in parallel, merged into a bank covering every competency twice."""
    targets = plan_category_targets(total)
    coverage = assign_coverage(chosen, targets)
    batches = plan_batches(targets, coverage)
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(_question_batch(ctx, profile, chosen, batch, instruction))
            for batch in batches
        ]
    questions = [q for task in tasks for q in task.result()]
    return [Question(id=f"q{i}", **q.model_dump()) for i, q in enumerate(questions, start=1)]


@dataclass(frozen=True)
class Batch:
    """One question-bank call: `count` questions of a category, part `part` of `parts`."""

    category: str
    count: int
    required: list[str]
    part: int = 1
    parts: int = 1


def plan_batches(targets: dict[str, int], coverage: dict[str, list[str]]) -> list[Batch]:
    """Split each category into calls of at most BATCH_SIZE questions, so no call is much longer.

    A category's required competencies are shared out between its parts.
    """
    batches = []
    for category, count in targets.items():
        parts = -(-count // BATCH_SIZE)
        sizes = [count // parts + (1 if i < count % parts else 0) for i in range(parts)]
        required = coverage[category]
        for i, size in enumerate(sizes):
            share = required[i::parts][:size]
            batches.append(Batch(category, size, share, part=i + 1, parts=parts))
    return batches


async def _question_batch(
    ctx: RunContext,
    profile: RoleProfile,
    chosen: list[CompetencyDraft],
    batch: Batch,
    instruction: str | None,
) -> list[QuestionDraft]:
    category, count, required = batch.category, batch.count, batch.required
    ids = {c.id for c in chosen}

    def check(draft: QuestionBankDraft) -> list[str]:
        errors = []
        if len(draft.questions) != count:
            errors.append(f"return exactly {count} questions, not {len(draft.questions)}")
        errors += [
            f"question {i} must have category {category}"
            for i, q in enumerate(draft.questions, 1)
            if q.category != category
        ]
        errors += [
            f"question {i} evaluates unknown competency '{cid}'"
            for i, q in enumerate(draft.questions, 1)
            for cid in q.competencies
            if cid not in ids
        ]
        asked = {cid for q in draft.questions for cid in q.competencies}
        errors += [
            f"no question evaluates '{cid}'; at least one must"
            for cid in required
            if cid not in asked
        ]
        texts = [q.text for q in draft.questions]
        errors += [
            f"questions {i + 1} and {j + 1} ask nearly the same thing"
            for i in range(len(texts))
            for j in range(i + 1, len(texts))
            if jaccard(texts[i], texts[j]) >= 0.8
        ]
        return errors

    draft = await ask(
        ctx,
        stage=f"question_bank:{category}" + (f":{batch.part}" if batch.parts > 1 else ""),
        template="question_bank",
        model=QuestionBankDraft,
        check=check,
        count=count,
        category=category,
        required=required,
        part=batch.part,
        parts=batch.parts,
        focus=", ".join(required) or "any of the competencies",
        profile=profile,
        competencies=chosen,
        instruction=instruction,
    )
    return draft.questions
