"""Data access for a whole scorecard (every version of one lineage): archive it, or delete it.

Deleting removes the versions and what hangs off them only (comments, fairness overrides,
part regenerations, the generation job and its model-call log, and the job description when
nothing else uses it). The audit trail stays: it records that the scorecard existed and who
deleted it. A scorecard that candidates were scored against is never deleted; it is archived.
"""

from __future__ import annotations

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from web.models import (
    Candidate,
    FairnessOverride,
    GenerationJob,
    JobDescription,
    LLMCall,
    Regeneration,
    ReviewComment,
    ScorecardRecord,
    ScorecardStatus,
    User,
)
from web.store.scorecards import audit

RETIRED = (ScorecardStatus.archived, ScorecardStatus.superseded)


class LineageInUse(Exception):
    """Candidates were scored against this scorecard; the message says to archive it instead."""


def archive_lineage(session: Session, *, head: ScorecardRecord, user: User) -> int:
    """Archive every live version (draft, in review, approved) of the head's scorecard.

    Returns how many versions changed; the audit trail records it under the lineage.
    """
    result = session.exec(  # type: ignore[call-overload]
        update(ScorecardRecord)
        .where(
            col(ScorecardRecord.lineage_id) == head.lineage_id,
            col(ScorecardRecord.status).notin_(RETIRED),
        )
        .values(status=ScorecardStatus.archived)
    )
    if not result.rowcount:
        return 0
    session.refresh(head)
    audit(
        session,
        user=user,
        action="scorecard.archived",
        object_type="scorecard",
        object_id=head.id,
        detail=f"the whole scorecard “{head.title}” ({result.rowcount} version(s))",
        lineage_id=head.lineage_id,
    )
    return int(result.rowcount)


def candidate_count(session: Session, *, lineage_id: str) -> int:
    """How many candidates were added to any version of the scorecard."""
    versions = select(ScorecardRecord.id).where(ScorecardRecord.lineage_id == lineage_id)
    statement = select(func.count()).where(col(Candidate.scorecard_id).in_(versions))
    return int(session.exec(statement).one())


def delete_lineage(session: Session, *, head: ScorecardRecord, user: User) -> None:
    """Delete every version of the scorecard and what belongs only to it, in this transaction.

    Raises:
        LineageInUse: candidates (and so their ratings) hang off a version; nothing is deleted.
    """
    lineage_id, title, head_id = head.lineage_id, head.title, head.id
    if candidates := candidate_count(session, lineage_id=lineage_id):
        raise LineageInUse(
            f"“{title}” has {candidates} candidate(s) with their interview ratings, so it cannot "
            "be deleted. Archive it instead: it leaves the list of live scorecards and the "
            "ratings stay."
        )
    rows = session.exec(
        select(
            ScorecardRecord.id,
            ScorecardRecord.generation_job_id,
            ScorecardRecord.job_description_id,
        ).where(ScorecardRecord.lineage_id == lineage_id)
    ).all()
    ids = [row[0] for row in rows]
    job_ids = [row[1] for row in rows if row[1]]
    jd_ids = {row[2] for row in rows}
    session.exec(delete(ReviewComment).where(col(ReviewComment.lineage_id) == lineage_id))  # type: ignore[call-overload]
    session.exec(delete(FairnessOverride).where(col(FairnessOverride.lineage_id) == lineage_id))  # type: ignore[call-overload]
    session.exec(delete(Regeneration).where(col(Regeneration.scorecard_id).in_(ids)))  # type: ignore[call-overload]
    # A copy started from one of these versions keeps its content; it only forgets its parent.
    session.exec(  # type: ignore[call-overload]
        update(ScorecardRecord)
        .where(
            col(ScorecardRecord.parent_id).in_(ids), col(ScorecardRecord.lineage_id) != lineage_id
        )
        .values(parent_id=None)
    )
    # One statement for all versions: their parent links point inside the set being deleted.
    session.exec(delete(ScorecardRecord).where(col(ScorecardRecord.lineage_id) == lineage_id))  # type: ignore[call-overload]
    if job_ids:
        session.exec(delete(LLMCall).where(col(LLMCall.job_id).in_(job_ids)))  # type: ignore[call-overload]
        session.exec(delete(GenerationJob).where(col(GenerationJob.id).in_(job_ids)))  # type: ignore[call-overload]
    _delete_unused_job_descriptions(session, jd_ids)
    audit(
        session,
        user=user,
        action="scorecard.deleted",
        object_type="scorecard",
        object_id=head_id,
        detail=f"the whole scorecard “{title}” ({len(ids)} version(s))",
        lineage_id=lineage_id,
    )


def _delete_unused_job_descriptions(session: Session, jd_ids: set[int]) -> None:
    """Delete the job descriptions no other scorecard (a copy) or generation job still uses."""
    if not jd_ids:
        return
    used = select(ScorecardRecord.job_description_id).union(
        select(GenerationJob.job_description_id)
    )
    session.exec(  # type: ignore[call-overload]
        delete(JobDescription).where(
            col(JobDescription.id).in_(jd_ids), col(JobDescription.id).notin_(used)
        )
    )
