"""Chain the LLM stages; independent stages run in parallel with bounded concurrency."""

from __future__ import annotations

import asyncio
import time

from generator.agenda import TAKE_HOME_MINUTES, build_agenda, case_study_minutes
from generator.assembly import assemble, require_duties
from generator.errors import GenerationError, ModelTimeoutError
from generator.interview_plan import plan_category_targets
from generator.llm import question_bank, stages
from generator.llm.context import RunContext, deadline_sentence
from generator.llm.prompts import prompt_version
from generator.llm.provider import LiteLLMProvider, Provider
from generator.options import GenerationOptions
from generator.posting import parse_posting
from generator.profile import profile_from_posting
from generator.progress import STAGES, ProgressCallback, ProgressEvent, TokenMeter, no_progress
from generator.schema import CandidateQA, Provenance, Scorecard
from generator.settings import LLMSettings


async def generate_scorecard_llm(
    job_description: str,
    options: GenerationOptions,
    settings: LLMSettings,
    *,
    provider: Provider | None = None,
    progress: ProgressCallback = no_progress,
) -> Scorecard:
    """Generate a validated scorecard with a model; raise a GenerationError rather than return a partial one.

    Raises:
        ModelRefusalError, ModelTimeoutError, ModelUnavailableError, ModelOutputError, InvalidScorecardError.
    """
    planned = planned_calls(options)
    if planned > settings.max_calls:
        raise GenerationError(
            f"A scorecard with {options.competencies} competencies needs at least {planned} model calls, "
            f"but SCORECARD_MAX_CALLS is {settings.max_calls}, so raise it; nothing was saved."
        )
    ctx = RunContext(settings=settings, provider=provider or LiteLLMProvider(settings))
    ctx.semaphore = asyncio.Semaphore(settings.concurrency)
    meter = TokenMeter(progress)
    ctx.on_tokens = meter.add
    started = time.perf_counter()

    def step(stage: str, message: str) -> None:
        meter.stage(ProgressEvent(stage=stage, message=message, step=STAGES.index(stage) + 1))

    async def run() -> Scorecard:
        step("analyse", "Reading the job description")
        posting = parse_posting(job_description)
        require_duties(posting)
        # Competencies need only the posting's own facts, so they are chosen while the model
        # analyses the role; candidate Q&A needs only the analysis, so it starts as soon as that
        # is done. Everything else follows both.
        provisional = profile_from_posting(posting, options, [])
        agenda = build_agenda(provisional, options.minutes)
        case_minutes = case_study_minutes(agenda) or TAKE_HOME_MINUTES
        try:
            async with asyncio.TaskGroup() as group:
                profile_task = group.create_task(stages.analyse(ctx, posting, options))
                chosen_task = group.create_task(
                    stages.competencies(ctx, posting, provisional, options)
                )

                async def answer_candidates() -> list[CandidateQA]:
                    return await stages.candidate_qa(ctx, posting, await profile_task)

                qa = group.create_task(answer_candidates())
                profile = await profile_task
                step("competencies", "Choosing competencies and weights")
                chosen = await chosen_task
                step("details", "Writing rubrics, questions and the case study in parallel")
                detail_tasks = [group.create_task(stages.detail(ctx, profile, c)) for c in chosen]
                bank = group.create_task(
                    question_bank.question_bank(ctx, profile, chosen, options.questions)
                )
                case = group.create_task(
                    stages.case_study(ctx, posting, profile, chosen, case_minutes)
                )
        except BaseExceptionGroup as failures:
            raise _first_error(failures) from None
        agenda = build_agenda(profile, options.minutes)
        competencies = [task.result() for task in detail_tasks]
        questions = bank.result()
        step("validate", "Checking the scorecard")
        return assemble(
            posting=posting,
            profile=profile,
            options=options,
            agenda=agenda,
            competencies=competencies,
            questions=questions,
            case_study=case.result(),
            candidate_qa=qa.result(),
            provenance=Provenance(
                engine="llm",
                model=settings.model,
                prompt_version=prompt_version(),
                seconds=round(time.perf_counter() - started, 3),
                calls=ctx.calls,
                tokens_in=sum(s.tokens_in for s in ctx.stages.values()),
                tokens_out=sum(s.tokens_out for s in ctx.stages.values()),
                cost_usd=_total_cost(ctx),
                stages=list(ctx.stages.values()),
                repairs=ctx.repairs,
                options=options.model_dump(),
            ),
        )

    try:
        return await asyncio.wait_for(run(), timeout=settings.deadline_seconds)
    except TimeoutError:
        raise ModelTimeoutError(deadline_sentence(settings.deadline_seconds)) from None


def planned_calls(options: GenerationOptions) -> int:
    """Calls one scorecard takes when every answer is valid first time."""
    analyse, competencies, case_study, candidate_qa = 1, 1, 1, 1
    targets = plan_category_targets(options.questions)
    question_batches = sum(-(-count // question_bank.BATCH_SIZE) for count in targets.values())
    return (
        analyse + competencies + options.competencies + question_batches + case_study + candidate_qa
    )


def _first_error(group: BaseExceptionGroup) -> BaseException:
    """The first real failure inside a task group, so the user sees one clear sentence."""
    for error in group.exceptions:
        if isinstance(error, BaseExceptionGroup):
            return _first_error(error)
        if not isinstance(error, asyncio.CancelledError):
            return error
    return group.exceptions[0]


def _total_cost(ctx: RunContext) -> float | None:
    costs = [s.cost_usd for s in ctx.stages.values() if s.cost_usd is not None]
    return round(sum(costs), 6) if costs else None
