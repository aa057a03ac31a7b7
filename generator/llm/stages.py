"""The LLM pipeline's stages: each takes pydantic models and returns a validated pydantic model."""

from __future__ import annotations

from collections import Counter

from generator.invariants import fold
from generator.llm.drafts import (
    CandidateQADraft,
    CaseStudyDraft,
    CompetencyDraft,
    CompetencySetDraft,
    DetailDraft,
    ProfileDraft,
)
from generator.llm.structured import RunContext, ask
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.profile import RoleProfile, infer_seniority
from generator.schema import CandidateQA, CaseStudy, Competency
from generator.values import values_from_posting
from generator.weights import repair_weights

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
