"""Leases on background jobs: claim, heartbeat, fence, recover. Shared by generations and regenerations.

A run claims a job by writing a fresh lease token; every later write names that token, so a run
that was taken over (its heartbeat went quiet and another worker claimed the job) can neither
report progress nor save. A job is tried a bounded number of times.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, col, select

from web.models import GenerationJob, JobStatus, Regeneration, utcnow

Job = type[GenerationJob] | type[Regeneration]


class LeaseLost(Exception):
    """This run no longer holds the job: another worker took it over, or it was failed meanwhile."""


def exhausted_message(attempts: int) -> str:
    return (
        f"This job stopped {attempts} times before it could finish, so it will not be tried again. "
        "Start it again; if it keeps stopping, ask your admin to check the worker's log."
    )


def _stale(stale_seconds: int) -> Any:
    return utcnow() - timedelta(seconds=stale_seconds)


def claim(
    session: Session,
    table: Job,
    *,
    job_id: str,
    stale_seconds: int,
    max_attempts: int,
    **values: Any,
) -> str | None:
    """Atomically take a job that is queued or whose worker went quiet; the new lease, or None."""
    lease = uuid.uuid4().hex
    result = session.exec(  # type: ignore[call-overload]
        update(table)
        .where(
            col(table.id) == job_id,
            col(table.attempts) < max_attempts,
            or_(
                col(table.status) == JobStatus.queued,
                (col(table.status) == JobStatus.running)
                & (col(table.heartbeat_at) < _stale(stale_seconds)),
            ),
        )
        .values(
            status=JobStatus.running,
            heartbeat_at=utcnow(),
            attempts=table.attempts + 1,
            error=None,
            lease=lease,
            **values,
        )
    )
    return lease if result.rowcount == 1 else None


def leased(table: Job, job_id: str, lease: str) -> Update:
    """An UPDATE that touches the job only while this run holds it."""
    return update(table).where(
        col(table.id) == job_id, col(table.lease) == lease, col(table.status) == JobStatus.running
    )


def write(session: Session, table: Job, *, job_id: str, lease: str, **values: Any) -> None:
    """Update the job under its lease (stamping the heartbeat).

    Raises:
        LeaseLost: the run no longer holds the job, so it must stop without writing anything else.
    """
    result = session.exec(  # type: ignore[call-overload]
        leased(table, job_id, lease).values(heartbeat_at=utcnow(), **values)
    )
    if result.rowcount != 1:
        raise LeaseLost(job_id)


def heartbeat(session: Session, table: Job, *, job_id: str, lease: str) -> bool:
    """Tell other workers this run is alive; False when the run has lost its lease."""
    try:
        write(session, table, job_id=job_id, lease=lease)
    except LeaseLost:
        return False
    return True


def fail(session: Session, table: Job, *, job_id: str, error: str, lease: str | None) -> bool:
    """Mark a job failed with a sentence; with a lease only while holding it, else if unfinished."""
    statement = (
        leased(table, job_id, lease)
        if lease
        else update(table).where(
            col(table.id) == job_id,
            col(table.status).in_([JobStatus.queued, JobStatus.running]),
        )
    )
    result = session.exec(  # type: ignore[call-overload]
        statement.values(
            status=JobStatus.failed, error=error[:1000], stage="Failed", heartbeat_at=utcnow()
        )
    )
    return bool(result.rowcount == 1)


def unfinished(session: Session, table: Job, *, stale_seconds: int) -> list[str]:
    """Jobs to hand to a worker: queued and not handed over lately, or running with a silent worker.

    Queued jobs are touched as they are returned, so each is re-sent at most once per period.
    """
    ids = list(
        session.exec(
            select(table.id).where(
                col(table.status).in_([JobStatus.queued, JobStatus.running]),
                col(table.heartbeat_at) < _stale(stale_seconds),
            )
        )
    )
    if ids:
        session.exec(  # type: ignore[call-overload]
            update(table)
            .where(col(table.id).in_(ids), col(table.status) == JobStatus.queued)
            .values(heartbeat_at=utcnow())
        )
    return ids


def fail_exhausted(
    session: Session, table: Job, *, stale_seconds: int, max_attempts: int
) -> list[str]:
    """Fail jobs whose every attempt ended with a silent worker; they are not tried again."""
    ids = list(
        session.exec(
            select(table.id).where(
                col(table.status) == JobStatus.running,
                col(table.heartbeat_at) < _stale(stale_seconds),
                col(table.attempts) >= max_attempts,
            )
        )
    )
    for job_id in ids:
        fail(session, table, job_id=job_id, error=exhausted_message(max_attempts), lease=None)
    return ids
