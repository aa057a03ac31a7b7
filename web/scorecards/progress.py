"""What a generation job has done so far, as a checklist of the generator's stages.

The job row keeps only the current stage's message and a percentage; the worker writes
`100 * (step - 1) / len(STAGES)` as each stage starts (web/tasks.py), so the step, and with it
which stages are done, is derived from the percentage and the generator's own stage order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from generator.progress import STAGES
from web.models import GenerationJob, JobStatus

# What each stage of generator/progress.py STAGES does, as the checklist says it.
STAGE_LABELS = {
    "analyse": "Read the job description",
    "competencies": "Choose competencies and weights",
    "details": "Write rubrics, lead questions and scenarios",
    "questions": "Build the question bank",
    "guide": "Write the agenda, case study and candidate Q&A",
    "validate": "Check the scorecard",
}
RECENT = timedelta(hours=1)  # how long a finished job is announced on the list page


@dataclass(frozen=True)
class StageState:
    """One line of the checklist: a stage and whether it is done, current, waiting or failed."""

    stage: str
    label: str
    state: str


def current_step(job: GenerationJob) -> int:
    """The index in STAGES of the stage running now (len(STAGES) once the job succeeded)."""
    if job.status == JobStatus.succeeded:
        return len(STAGES)
    if job.status == JobStatus.queued:
        return -1
    return min(max(round(job.progress * len(STAGES) / 100), 0), len(STAGES) - 1)


def checklist(job: GenerationJob) -> list[StageState]:
    """Every stage with its state: done before the current one, then current (or failed), then waiting."""
    step = current_step(job)
    here = "failed" if job.status == JobStatus.failed else "current"
    return [
        StageState(
            stage=stage,
            label=STAGE_LABELS.get(stage, stage),
            state="done" if index < step else here if index == step else "waiting",
        )
        for index, stage in enumerate(STAGES)
    ]


def checklist_json(job: GenerationJob) -> list[dict[str, Any]]:
    """The checklist for the status JSON the progress page polls."""
    return [asdict(line) for line in checklist(job)]


def unopened(
    jobs: list[tuple[GenerationJob, str, int | None]], opened: list[str]
) -> list[tuple[GenerationJob, str, int | None]]:
    """Recent jobs worth a notice: still running, or finished (failed, or with a scorecard) and not yet seen."""
    return [
        (job, title, scorecard_id)
        for job, title, scorecard_id in jobs
        if job.status in (JobStatus.queued, JobStatus.running)
        or (job.id not in opened and (job.status == JobStatus.failed or scorecard_id))
    ]


def recent_since(now: datetime) -> datetime:
    """The start of the window in which finished jobs are announced."""
    return now - RECENT
