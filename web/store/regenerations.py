"""Data access for part regenerations: a background job whose result is a proposed version."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from web.models import JobStatus, Regeneration, ScorecardRecord, User, saved_id
from web.store import leases


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


def finish_regeneration(
    session: Session, *, job_id: str, lease: str, proposal: dict[str, Any]
) -> None:
    """Store the proposal and end the job, only while this run holds it.

    Raises:
        LeaseLost: another run owns the job now; nothing is written.
    """
    leases.write(
        session,
        Regeneration,
        job_id=job_id,
        lease=lease,
        status=JobStatus.succeeded,
        proposal=proposal,
        progress=100,
        stage="Proposal ready",
    )


def decide_regeneration(session: Session, *, job: Regeneration, decision: str) -> None:
    job.decision = decision
    session.add(job)
