"""Data access for review: status changes, comments, fair-interview overrides and the audit trail."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from web.models import (
    AuditEvent,
    FairnessOverride,
    ReviewComment,
    ScorecardRecord,
    ScorecardStatus,
    User,
    saved_id,
    utcnow,
)
from web.store.scorecards import audit


class ReviewStateError(Exception):
    """The version is not in a state that allows this step; the message says why and what to do."""


def submit_for_review(session: Session, *, record: ScorecardRecord, user: User) -> None:
    """Draft → in review. Only the lineage's head can be submitted."""
    if not record.is_head or record.status != ScorecardStatus.draft:
        raise ReviewStateError(
            f"Version {record.version} is {record.status.replace('_', ' ')}; only the latest draft "
            "can be submitted for review."
        )
    _set_status(session, record, ScorecardStatus.in_review)
    _audit(session, user, "scorecard.submitted", record)


def approve(session: Session, *, record: ScorecardRecord, user: User) -> None:
    """Draft or in review → approved; the lineage's previously approved version is archived."""
    if not record.is_head or record.status not in (
        ScorecardStatus.draft,
        ScorecardStatus.in_review,
    ):
        raise ReviewStateError(
            f"Version {record.version} is {record.status.replace('_', ' ')}; only the latest draft "
            "or a version in review can be approved."
        )
    session.exec(  # type: ignore[call-overload]
        update(ScorecardRecord)
        .where(
            col(ScorecardRecord.lineage_id) == record.lineage_id,
            col(ScorecardRecord.status) == ScorecardStatus.approved,
        )
        .values(status=ScorecardStatus.archived)
    )
    record.status = ScorecardStatus.approved
    record.approved_by = user.id
    record.approved_at = utcnow()
    session.add(record)
    _audit(session, user, "scorecard.approved", record)


def request_changes(session: Session, *, record: ScorecardRecord, user: User, comment: str) -> None:
    """In review → draft, with the reviewer's comment attached."""
    if record.status != ScorecardStatus.in_review:
        raise ReviewStateError(
            f"Version {record.version} is {record.status.replace('_', ' ')}; changes can be "
            "requested only on a version in review."
        )
    _set_status(session, record, ScorecardStatus.draft)
    add_comment(
        session, record=record, user=user, body=comment, part="general", kind="changes_requested"
    )
    _audit(session, user, "scorecard.changes_requested", record, detail=comment)


def archive(session: Session, *, record: ScorecardRecord, user: User) -> None:
    """Retire a version (it stays readable in the history)."""
    _set_status(session, record, ScorecardStatus.archived)
    _audit(session, user, "scorecard.archived", record)


def _set_status(session: Session, record: ScorecardRecord, status: ScorecardStatus) -> None:
    record.status = status
    session.add(record)


def _audit(
    session: Session, user: User, action: str, record: ScorecardRecord, detail: str = ""
) -> None:
    audit(
        session,
        user=user,
        action=action,
        object_type="scorecard",
        object_id=record.id,
        detail=f"v{record.version}" + (f": {detail}" if detail else ""),
        lineage_id=record.lineage_id,
    )


# Comments -------------------------------------------------------------------------------------


def add_comment(
    session: Session,
    *,
    record: ScorecardRecord,
    user: User,
    body: str,
    part: str = "general",
    kind: str = "comment",
) -> ReviewComment:
    """Attach a comment to a part of the scorecard ("competency:<id>", "question:<id>", …)."""
    comment = ReviewComment(
        lineage_id=record.lineage_id,
        scorecard_id=saved_id(record),
        part=part[:120] or "general",
        kind=kind,
        body=body.strip()[:4000],
        author_id=saved_id(user),
    )
    session.add(comment)
    session.flush()
    if kind == "comment":
        _audit(session, user, "comment.added", record, detail=part)
    return comment


def list_comments(session: Session, *, lineage_id: str) -> list[tuple[ReviewComment, str]]:
    """The lineage's comments with their authors' emails, oldest first."""
    rows = session.exec(
        select(ReviewComment, User.email)
        .join(User, col(User.id) == ReviewComment.author_id)
        .where(ReviewComment.lineage_id == lineage_id)
        .order_by(col(ReviewComment.created_at), col(ReviewComment.id))
    )
    return [(comment, email) for comment, email in rows]


def resolve_comment(
    session: Session, *, lineage_id: str, comment_id: int, user: User
) -> ReviewComment | None:
    comment = session.get(ReviewComment, comment_id)
    if comment is None or comment.lineage_id != lineage_id:
        return None
    comment.resolved_at = utcnow()
    comment.resolved_by = user.id
    session.add(comment)
    return comment


# Fair-interview overrides ----------------------------------------------------------------------


def overrides(session: Session, *, lineage_id: str) -> dict[str, FairnessOverride]:
    """Overrides by finding key."""
    rows = session.exec(select(FairnessOverride).where(FairnessOverride.lineage_id == lineage_id))
    return {row.finding_key: row for row in rows}


def add_override(
    session: Session,
    *,
    record: ScorecardRecord,
    user: User,
    finding_key: str,
    reason: str,
    what: str,
) -> None:
    """Keep a flagged text on purpose; the reason goes to the audit trail."""
    existing = overrides(session, lineage_id=record.lineage_id).get(finding_key)
    if existing is None:
        session.add(
            FairnessOverride(
                lineage_id=record.lineage_id,
                finding_key=finding_key[:64],
                reason=reason.strip()[:500],
                user_id=saved_id(user),
            )
        )
    _audit(session, user, "fairness.overridden", record, detail=f"{what}; reason: {reason}")


# Audit trail ----------------------------------------------------------------------------------


def audit_trail(
    session: Session, *, lineage_id: str | None = None, limit: int = 200, offset: int = 0
) -> list[tuple[AuditEvent, str | None]]:
    """Events of one scorecard (or all, for admins), newest first, with the actor's email."""
    statement = select(AuditEvent, User.email).join(
        User, col(User.id) == AuditEvent.user_id, isouter=True
    )
    if lineage_id is not None:
        statement = statement.where(AuditEvent.lineage_id == lineage_id)
    statement = (
        statement.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .limit(min(max(limit, 1), 500))
        .offset(min(max(offset, 0), 2**31 - 1))  # past PostgreSQL's bigint is an error
    )
    return [(event, email) for event, email in session.exec(statement)]
