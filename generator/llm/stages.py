"""The LLM pipeline's stages: each takes pydantic models and returns a validated pydantic model."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass

from generator.interview_plan import plan_category_targets
from generator.invariants import fold
from generator.llm.drafts import (
    CandidateQADraft,
    CaseStudyDraft,
    CompetencyDraft,
    CompetencySetDraft,
    DetailDraft,
    ProfileDraft,
    QuestionBankDraft,
    QuestionDraft,
)
from generator.llm.structured import RunContext, ask
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.profile import RoleProfile, infer_seniority
from generator.schema import CandidateQA, CaseStudy, Competency, Question
from generator.text import jaccard
from generator.values import values_from_posting
from generator.weights import repair_weights

# Questions per question-bank call: a category with more is split so the calls take about as long.
BATCH_SIZE = 4
WEIGHT_DRIFT = 10  # sums within 100 ± this are repaired; further off, the model is asked again


async def analyse(ctx: RunContext, posting: JobPosting, options: GenerationOptions) -> RoleProfile:
    """The role profile: title, seniority, summary, domain terms and values."""
    draft = await ask(
        ctx, stage="analyse", template="analyse", model=ProfileDraft, job_description=posting.text
    )
    return RoleProfile(
        title=draft.title,
        company=options.company or draft.company or posting.company,
        seniority=options.seniority
        or draft.seniority
        or infer_seniority(draft.title, posting.requirements),
        work_mode=posting.work_mode,
        location=posting.location,
        summary=draft.summary,
        responsibilities=posting.responsibilities,
        requirements=posting.requirements,
        domain_terms=draft.domain_terms,
        values=options.values or values_from_posting(posting) or draft.values,
        text=posting.text,
    )


async def competencies(
    ctx: RunContext, posting: JobPosting, profile: RoleProfile, options: GenerationOptions
) -> list[CompetencyDraft]:
    """Competencies with weights, must-haves and evidence cited by line number.

    The model cites the numbers of the posting's duty and requirement lines; they become the
    lines' exact text here, so evidence cannot be invented. A competency citing no real line is
    re-asked.
    """
    count = options.competencies
    lines = posting.responsibilities + posting.requirements

    def check(draft: CompetencySetDraft) -> list[str]:
        errors = []
        for c in draft.competencies:
            wrong = [n for n in c.evidence if not 1 <= n <= len(lines)]
            if wrong:
                errors.append(
                    f"competency '{c.name}' cites line {wrong[0]}, which does not exist; "
                    f"cite line numbers from 1 to {len(lines)}"
                )
            elif not c.evidence:
                errors.append(
                    f"competency '{c.name}' cites no line of the job description; cite the numbers "
                    "of the lines that show it is needed, or replace it with one the posting supports"
                )
        if len(draft.competencies) != count:
            errors.append(f"return exactly {count} competencies, not {len(draft.competencies)}")
        for what, values in (
            ("name", [fold(c.name) for c in draft.competencies]),
            ("id", [c.id for c in draft.competencies]),
        ):
            errors += [
                f"competency {what} '{v}' is used {n} times; make each unique"
                for v, n in Counter(values).items()
                if n > 1
            ]
        if any(c.weight <= 0 for c in draft.competencies):
            errors.append("every weight must be a positive whole percentage")
        total = sum(c.weight for c in draft.competencies)
        if abs(total - 100) > WEIGHT_DRIFT:
            errors.append(f"weights sum to {total}; they must sum to exactly 100")
        return errors

    draft = await ask(
        ctx,
        stage="competencies",
        template="competencies",
        model=CompetencySetDraft,
        check=check,
        count=count,
        profile=profile,
        profile_json=profile.model_dump_json(exclude={"responsibilities", "requirements"}),
        values=profile.values,
        lines=lines,
        job_description=posting.text,
    )
    chosen = draft.competencies
    weights, repaired = repair_weights([c.weight for c in chosen])
    if repaired:
        ctx.repairs.append(
            f"competencies: weights summed to {sum(c.weight for c in chosen)}; rescaled to 100 by largest remainder"
        )
    known_values = {fold(v): v for v in profile.values}
    result = [
        CompetencyDraft(
            id=c.id,
            name=c.name,
            weight=weight,
            must_have=c.must_have,
            value=known_values.get(fold(c.value)) if c.value else None,
            evidence=[lines[n - 1] for n in dict.fromkeys(c.evidence)],
        )
        for c, weight in zip(chosen, weights, strict=True)
    ]
    if not any(c.must_have for c in result):
        top = max(range(len(result)), key=lambda i: result[i].weight)
        result[top] = result[top].model_copy(update={"must_have": True})
        ctx.repairs.append(
            f"competencies: no must-have given; marked the heaviest, '{result[top].name}'"
        )
    return result


async def detail(
    ctx: RunContext,
    profile: RoleProfile,
    competency: CompetencyDraft,
    instruction: str | None = None,
) -> Competency:
    """One competency's rubric, lead question, scenario and diving-deeper follow-ups."""

    def check(draft: DetailDraft) -> list[str]:
        scores = sorted(level.score for level in draft.rubric)
        return (
            []
            if scores == [1, 2, 3, 4, 5]
            else [f"rubric scores are {scores}; give exactly one level for each score 1 to 5"]
        )

    draft = await ask(
        ctx,
        stage=f"detail:{competency.id}",
        template="competency_detail",
        model=DetailDraft,
        check=check,
        profile=profile,
        competency=competency,
        instruction=instruction,
    )
    return Competency(**competency.model_dump(exclude={"description"}), **draft.model_dump())


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


async def case_study(
    ctx: RunContext,
    posting: JobPosting,
    profile: RoleProfile,
    chosen: list[CompetencyDraft],
    minutes: int,
    instruction: str | None = None,
) -> CaseStudy:
    """A case study or role play built from the posting's facts."""
    ids = {c.id for c in chosen}

    def check(draft: CaseStudyDraft) -> list[str]:
        return [
            f"case study assesses unknown competency '{cid}'"
            for cid in draft.competencies
            if cid not in ids
        ]

    draft = await ask(
        ctx,
        stage="case_study",
        template="case_study",
        model=CaseStudyDraft,
        check=check,
        profile=profile,
        competencies=chosen,
        minutes=minutes,
        instruction=instruction,
        job_description=posting.text,
    )
    return CaseStudy(**draft.model_dump(), minutes=minutes)


async def candidate_qa(
    ctx: RunContext, posting: JobPosting, profile: RoleProfile
) -> list[CandidateQA]:
    """Questions candidates ask, answered from the posting."""
    draft = await ask(
        ctx,
        stage="candidate_qa",
        template="candidate_qa",
        model=CandidateQADraft,
        profile=profile,
        job_description=posting.text,
    )
    return draft.candidate_qa
