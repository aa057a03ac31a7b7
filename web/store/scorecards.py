"""Data access for stored scorecards, and the audit log."""

from __future__ import annotations

from sqlalchemy import Text, bindparam, cast
from sqlmodel import Session, col, select

from web.models import AuditEvent, Role, ScorecardRecord, User
from web.permissions import can_view_scorecard

# Scorecards ----------------------------------------------------------------------------------

MAX_OFFSET = 2**31 - 1  # PostgreSQL's OFFSET is a bigint; callers may pass anything


def get_scorecard(session: Session, *, scorecard_id: int, viewer: User) -> ScorecardRecord | None:
    """The scorecard if the viewer may see it, else None (so callers answer 404)."""
    record = session.get(ScorecardRecord, scorecard_id)
    return record if record is not None and can_view_scorecard(viewer, record) else None


_SCORECARD_JSON = select(  # type: ignore[call-overload]  # past sqlmodel's overloads
    ScorecardRecord.id,
    ScorecardRecord.owner_id,
    ScorecardRecord.status,
    ScorecardRecord.version,
    cast(ScorecardRecord.data, Text),
).where(ScorecardRecord.id == bindparam("scorecard_id"))


def scorecard_json(
    session: Session, *, scorecard_id: int, viewer: User
) -> tuple[ScorecardRecord, str] | None:
    """The scorecard's columns and its stored JSON text, unparsed (for the API's read path)."""
    row = session.execute(_SCORECARD_JSON, {"scorecard_id": scorecard_id}).first()
    if row is None:
        return None
    meta = ScorecardRecord.model_construct(
        id=row[0], owner_id=row[1], status=row[2], version=row[3]
    )
    return (meta, row[4]) if can_view_scorecard(viewer, meta) else None


def list_scorecards(
    session: Session,
    *,
    viewer: User,
    query: str = "",
    status: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[ScorecardRecord]:
    statement = select(ScorecardRecord)
    if viewer.role == Role.interviewer:
        statement = statement.where(ScorecardRecord.status == "approved")
    else:
        # One row per scorecard: its newest version.
        statement = statement.where(col(ScorecardRecord.is_head).is_(True))
    if viewer.role == Role.recruiter:
        statement = statement.where(ScorecardRecord.owner_id == viewer.id)
    if query:
        statement = statement.where(col(ScorecardRecord.title).ilike(f"%{query.strip()[:100]}%"))
    if status:
        statement = statement.where(ScorecardRecord.status == status)
    statement = (
        statement.order_by(col(ScorecardRecord.created_at).desc(), col(ScorecardRecord.id).desc())
        .limit(min(max(limit, 1), 200))  # SQLite reads LIMIT -1 as no limit at all
        .offset(min(max(offset, 0), MAX_OFFSET))
    )
    return list(session.exec(statement))


def user_email(session: Session, *, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.email if user else "unknown"


# Audit ---------------------------------------------------------------------------------------


def audit(
    session: Session,
    *,
    user: User | None,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    detail: str | None = None,
    lineage_id: str | None = None,
) -> None:
    """Record who did what to which object; `lineage_id` files it under a scorecard's trail."""
    session.add(
        AuditEvent(
            user_id=user.id if user else None,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            detail=detail[:500] if detail else None,
            lineage_id=lineage_id,
        )
    )
