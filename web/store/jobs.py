"""Data access for job descriptions and generation jobs (claims, heartbeats, results)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from generator.schema import Scorecard
from web.models import (
    GenerationJob,
    JobDescription,
    JobStatus,
    LLMCall,
    ScorecardRecord,
    User,
    saved_id,
    utcnow,
)

# Job descriptions and generation jobs ---------------------------------------------------------


def create_generation(
    session: Session,
    *,
    owner: User,
    text: str,
    title: str,
    filename: str | None,
    options: dict[str, Any],
    model: str,
) -> GenerationJob:
    """Store the job description and queue a generation job for it, in one transaction."""
    jd = JobDescription(owner_id=saved_id(owner), text=text, title=title[:200], filename=filename)
    session.add(jd)
    session.flush()
    job = GenerationJob(
        owner_id=saved_id(owner), job_description_id=saved_id(jd), options=options, model=model
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, *, job_id: str) -> GenerationJob | None:
    return session.get(GenerationJob, job_id)


def get_job_description(session: Session, *, jd_id: int) -> JobDescription | None:
    return session.get(JobDescription, jd_id)


def claim_job(session: Session, *, job_id: str, stale_seconds: int = 120) -> bool:
    """Atomically mark a job running, if it is queued or its worker has gone quiet."""
    stale = utcnow() - timedelta(seconds=stale_seconds)
    result = session.exec(  # type: ignore[call-overload]
        update(GenerationJob)
        .where(
            col(GenerationJob.id) == job_id,
            or_(
                col(GenerationJob.status) == JobStatus.queued,
                (col(GenerationJob.status) == JobStatus.running)
                & (col(GenerationJob.heartbeat_at) < stale),
            ),
        )
        .values(
            status=JobStatus.running,
            heartbeat_at=utcnow(),
            attempts=GenerationJob.attempts + 1,
            error=None,
        )
    )
    return result.rowcount == 1


def update_progress(session: Session, *, job_id: str, stage: str, progress: int) -> None:
    session.exec(
        update(GenerationJob)
        .where(col(GenerationJob.id) == job_id)
        .values(stage=stage[:120], progress=progress, heartbeat_at=utcnow())
    )  # type: ignore[call-overload]


def finish_job(session: Session, *, job: GenerationJob, scorecard: Scorecard) -> ScorecardRecord:
    """Save the scorecard and mark the job done, once: a rerun of the same job finds the saved one."""
    existing = session.exec(
        select(ScorecardRecord).where(ScorecardRecord.generation_job_id == job.id)
    ).first()
    if existing is not None:
        return existing
    record = ScorecardRecord(
        title=scorecard.role.title,
        status="draft",
        version=1,
        engine=scorecard.provenance.engine,
        model=scorecard.provenance.model,
        owner_id=job.owner_id,
        job_description_id=job.job_description_id,
        generation_job_id=job.id,
        data=scorecard.to_json_dict(),
    )
    session.add(record)
    for stage in scorecard.provenance.stages:
        session.add(
            LLMCall(
                job_id=job.id,
                stage=stage.stage,
                model=scorecard.provenance.model or "",
                seconds=stage.seconds,
                calls=stage.calls,
                attempts=stage.attempts,
                tokens_in=stage.tokens_in,
                tokens_out=stage.tokens_out,
                cost_usd=stage.cost_usd,
            )
        )
    session.exec(
        update(GenerationJob)
        .where(col(GenerationJob.id) == job.id)
        .values(status=JobStatus.succeeded, progress=100, stage="Done", heartbeat_at=utcnow())
    )  # type: ignore[call-overload]
    session.flush()
    return record


def fail_job(session: Session, *, job_id: str, error: str) -> None:
    session.exec(
        update(GenerationJob)
        .where(col(GenerationJob.id) == job_id)
        .values(status=JobStatus.failed, error=error[:1000], heartbeat_at=utcnow())
    )  # type: ignore[call-overload]


def scorecard_for_job(session: Session, *, job_id: str) -> ScorecardRecord | None:
    return session.exec(
        select(ScorecardRecord).where(ScorecardRecord.generation_job_id == job_id)
    ).first()


def unfinished_jobs(session: Session, *, stale_seconds: int = 120) -> list[str]:
    """Jobs that were queued or whose worker stopped sending heartbeats."""
    stale = utcnow() - timedelta(seconds=stale_seconds)
    rows = session.exec(
        select(GenerationJob.id).where(
            or_(
                col(GenerationJob.status) == JobStatus.queued,
                (col(GenerationJob.status) == JobStatus.running)
                & (col(GenerationJob.heartbeat_at) < stale),
            )
        )
    )
    return list(rows)
