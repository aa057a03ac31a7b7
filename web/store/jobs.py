"""Data access for job descriptions and generation jobs (claims, heartbeats, results)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
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
)
from web.store import leases

# Job descriptions and generation jobs ---------------------------------------------------------


class RepeatedRequest(Exception):
    """The owner already started a job with this idempotency key; `job` is that job."""

    def __init__(self, job: GenerationJob) -> None:
        super().__init__(f"idempotency key already used for job {job.id}")
        self.job = job


def create_generation(
    session: Session,
    *,
    owner: User,
    text: str,
    title: str,
    filename: str | None,
    options: dict[str, Any],
    model: str,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Store the job description and queue a generation job for it, in one transaction.

    Raises:
        RepeatedRequest: the owner already has a job with this idempotency key (found first, or
            created by a concurrent request, in which case the session has been rolled back).
    """
    owner_id = saved_id(owner)
    if idempotency_key and (found := _job_for_key(session, owner_id, idempotency_key)):
        raise RepeatedRequest(found)
    jd = JobDescription(
        owner_id=owner_id,
        text=text,
        title=_fit(title, 200),
        filename=_fit_filename(filename) if filename else None,
    )
    session.add(jd)
    session.flush()
    job = GenerationJob(
        owner_id=owner_id,
        job_description_id=saved_id(jd),
        options=options,
        model=model,
        idempotency_key=idempotency_key,
    )
    session.add(job)
    try:
        session.flush()
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent request with the same key committed between the look-up and the insert.
        session.rollback()
        found = _job_for_key(session, owner_id, idempotency_key)
        if found is None:
            raise
        raise RepeatedRequest(found) from None
    return job


def _job_for_key(session: Session, owner_id: int, key: str) -> GenerationJob | None:
    return session.exec(
        select(GenerationJob).where(
            GenerationJob.owner_id == owner_id, GenerationJob.idempotency_key == key
        )
    ).first()


def get_job(session: Session, *, job_id: str) -> GenerationJob | None:
    """The generation job, or None."""
    return session.get(GenerationJob, job_id)


def get_job_description(session: Session, *, jd_id: int) -> JobDescription | None:
    """The stored job description, or None."""
    return session.get(JobDescription, jd_id)


def finish_job(
    session: Session, *, job: GenerationJob, lease: str, scorecard: Scorecard
) -> ScorecardRecord:
    """Save the scorecard and mark the job done in one transaction, only while holding the lease.

    Raises:
        LeaseLost: another run owns the job (it may already have saved it); nothing is written.
    """
    leases.write(
        session,
        GenerationJob,
        job_id=job.id,
        lease=lease,
        status=JobStatus.succeeded,
        progress=100,
        stage="Done",
    )
    record = ScorecardRecord(
        title=_fit(scorecard.role.title, 200) or "Untitled role",
        status="draft",
        version=1,
        engine=_fit(scorecard.provenance.engine, 20),
        model=_fit(scorecard.provenance.model, 120) or None,
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
                stage=_fit(stage.stage, 120),
                model=_fit(scorecard.provenance.model, 120),
                seconds=stage.seconds,
                calls=stage.calls,
                attempts=stage.attempts,
                tokens_in=stage.tokens_in,
                tokens_out=stage.tokens_out,
                cost_usd=stage.cost_usd,
            )
        )
    session.flush()
    return record


def _fit(value: str | None, limit: int) -> str:
    """Shorten a value to its column, on a word boundary when there is one."""
    value = (value or "").strip()
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0]
    return (cut if len(cut) > limit // 2 else value[: limit - 1]).rstrip() + "…"


def _fit_filename(name: str, limit: int = 255) -> str:
    """Keep a long file name's extension while shortening it to its column."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:limit]
    return stem[: limit - len(ext) - 2] + "…." + ext


def scorecard_for_job(session: Session, *, job_id: str) -> ScorecardRecord | None:
    """The scorecard a generation job saved, if it finished (and was not deleted since)."""
    return session.exec(
        select(ScorecardRecord).where(ScorecardRecord.generation_job_id == job_id)
    ).first()


def recent_jobs(
    session: Session, *, owner: User, since: datetime, limit: int = 5
) -> list[tuple[GenerationJob, str, int | None]]:
    """The owner's generation jobs active since then: each with its title and saved scorecard id.

    A finished job's heartbeat is stamped when it saves, so it tells when the job finished.
    """
    statement = (
        select(GenerationJob, JobDescription.title, ScorecardRecord.id)
        .join(JobDescription, col(JobDescription.id) == col(GenerationJob.job_description_id))
        .outerjoin(ScorecardRecord, col(ScorecardRecord.generation_job_id) == col(GenerationJob.id))
        .where(GenerationJob.owner_id == saved_id(owner), col(GenerationJob.heartbeat_at) >= since)
        .order_by(col(GenerationJob.heartbeat_at).desc())
        .limit(limit)
    )
    return [(job, title, scorecard_id) for job, title, scorecard_id in session.exec(statement)]
