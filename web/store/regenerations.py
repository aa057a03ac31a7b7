"""Data access for part regenerations: a background job whose result is a proposed version."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from web.models import JobStatus, Regeneration, ScorecardRecord, User, saved_id, utcnow


def create_regeneration(
    session: Session,
    *,
    record: ScorecardRecord,
    user: User,
    part: str,
    instruction: str,
    model: str,
) -> Regeneration:
    """Queue a rewrite of one part of `record`; flushes, the caller commits then enqueues."""
    job = Regeneration(
        scorecard_id=saved_id(record),
        requested_by=saved_id(user),
        part=part[:120],
        instruction=instruction.strip()[:500],
        model=model[:120],
    )
    session.add(job)
    session.flush()
    return job


def get_regeneration(session: Session, *, job_id: str) -> Regeneration | None:
    return session.get(Regeneration, job_id)


def claim_regeneration(session: Session, *, job_id: str, stale_seconds: int = 120) -> bool:
    """Atomically mark a regeneration running if it is queued or its worker went quiet."""
    stale = utcnow() - timedelta(seconds=stale_seconds)
    result = session.exec(  # type: ignore[call-overload]
        update(Regeneration)
        .where(
            col(Regeneration.id) == job_id,
            or_(
                col(Regeneration.status) == JobStatus.queued,
                (col(Regeneration.status) == JobStatus.running)
                & (col(Regeneration.heartbeat_at) < stale),
            ),
        )
        .values(
            status=JobStatus.running,
            heartbeat_at=utcnow(),
            attempts=Regeneration.attempts + 1,
            progress=10,
        )
    )
    return result.rowcount == 1


def finish_regeneration(
    session: Session,
    *,
    job_id: str,
    status: JobStatus,
    proposal: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Store the proposal (or the failure's sentence) and end the job."""
    session.exec(  # type: ignore[call-overload]
        update(Regeneration)
        .where(col(Regeneration.id) == job_id)
        .values(
            status=status,
            proposal=proposal,
            error=error[:1000] if error else None,
            progress=100 if status == JobStatus.succeeded else 0,
            stage="Proposal ready" if status == JobStatus.succeeded else "Failed",
            heartbeat_at=utcnow(),
        )
    )


def decide_regeneration(session: Session, *, job: Regeneration, decision: str) -> None:
    job.decision = decision
    session.add(job)


def unfinished_regenerations(session: Session, *, stale_seconds: int = 120) -> list[str]:
    stale = utcnow() - timedelta(seconds=stale_seconds)
    rows = session.exec(
        select(Regeneration.id).where(
            or_(
                col(Regeneration.status) == JobStatus.queued,
                (col(Regeneration.status) == JobStatus.running)
                & (col(Regeneration.heartbeat_at) < stale),
            )
        )
    )
    return list(rows)
