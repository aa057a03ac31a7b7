"""The offline engine's pipeline: chain its stages into a validated scorecard."""

from __future__ import annotations

import time

from generator.assembly import assemble, require_duties
from generator.interview_plan import build_agenda
from generator.library import LIBRARY_VERSION
from generator.offline import engine, guide
from generator.options import GenerationOptions
from generator.posting import parse_posting
from generator.progress import STAGES, ProgressCallback, ProgressEvent, no_progress
from generator.schema import (
    Provenance,
    Scorecard,
)

OFFLINE_PROMPT_VERSION = "offline-1"


def generate_scorecard(
    job_description: str,
    options: GenerationOptions | None = None,
    *,
    progress: ProgressCallback = no_progress,
) -> Scorecard:
    """Generate a complete scorecard from a job description's plain text with the offline engine.

    Args:
        job_description: text as returned by `generator.intake.read_job_description`.
        options: company, values, counts, interview length and seniority.
        progress: called with a `ProgressEvent` as each stage starts.

    Returns:
        A scorecard that satisfies every invariant.

    Raises:
        InputError: the posting has nothing to build competencies from.
        InvalidScorecardError: the result broke an invariant (a bug; nothing is returned).
    """
    options = options or GenerationOptions()
    started = time.perf_counter()

    def step(stage: str, message: str) -> None:
        progress(ProgressEvent(stage=stage, message=message, step=STAGES.index(stage) + 1))

    step("analyse", "Reading the job description")
    posting = parse_posting(job_description)
    require_duties(posting)
    profile = engine.analyse(posting, options)
    step("competencies", "Choosing competencies and weights")
    selection = engine.choose_competencies(posting, profile, options)
    step("details", "Writing rubrics, lead questions and scenarios")
    detailed = [engine.detail_competency(c, profile) for c in selection.competencies]
    competencies = [c for c, _ in detailed]
    focuses = {c.id: focus for c, focus in detailed}
    step("questions", "Building the question bank")
    total = min(options.questions, 4 * len(competencies))
    questions = engine.question_bank(competencies, focuses, profile, total)
    step("guide", "Writing the agenda, case study and candidate Q&A")
    agenda = build_agenda(profile, options.minutes)
    case_minutes = next((a.minutes for a in agenda if a.name.startswith("Case Study")), None)
    family = engine.case_study_family(profile, competencies)
    case_study = guide.build_case_study(
        profile, family, competencies, focuses.get(competencies[0].id), case_minutes
    )
    step("validate", "Checking the scorecard")
    return assemble(
        posting=posting,
        profile=profile,
        options=options,
        agenda=agenda,
        competencies=competencies,
        questions=questions,
        case_study=case_study,
        candidate_qa=guide.build_candidate_qa(profile, posting, competencies),
        provenance=Provenance(
            engine="offline",
            prompt_version=OFFLINE_PROMPT_VERSION,
            library_version=LIBRARY_VERSION,
            seconds=round(time.perf_counter() - started, 4),
            options=options.model_dump(),
            confidence=selection.confidence,
            review_notes=selection.notes,
        ),
    )
