"""Data access for stored scorecards, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, and_, bindparam, cast, func, true
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


SORTS = {"title", "date", "status"}


@dataclass(frozen=True)
class ScorecardPage:
    """One page of the list: each head version with its owner's email, and how many match in all."""

    rows: list[tuple[ScorecardRecord, str]]
    total: int


def _visible_heads(viewer: User, query: str, status: str) -> Any:
    """The filter the list applies: what the viewer may see, by title and status."""
    conditions: list[Any] = []
    if viewer.role == Role.interviewer:
        conditions.append(ScorecardRecord.status == "approved")
    else:
        # One row per scorecard: its newest version.
        conditions.append(col(ScorecardRecord.is_head).is_(True))
    if viewer.role == Role.recruiter:
        conditions.append(ScorecardRecord.owner_id == viewer.id)
    if query:
        conditions.append(col(ScorecardRecord.title).ilike(f"%{query.strip()[:100]}%"))
    if status:
        conditions.append(ScorecardRecord.status == status)
    return and_(true(), *conditions)


def _order(sort: str, descending: bool) -> list[Any]:
    """ORDER BY for a list sort; the id breaks ties so pages never repeat or skip a row."""
    column: Any = {
        "title": func.lower(col(ScorecardRecord.title)),
        "status": col(ScorecardRecord.status),
    }.get(sort, col(ScorecardRecord.created_at))
    return (
        [column.desc(), col(ScorecardRecord.id).desc()]
        if descending
        else [column.asc(), col(ScorecardRecord.id).asc()]
    )


def list_scorecards(
    session: Session,
    *,
    viewer: User,
    query: str = "",
    status: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[ScorecardRecord]:
    """The scorecards the viewer may see, newest first."""
    statement = (
        select(ScorecardRecord)
        .where(_visible_heads(viewer, query, status))
        .order_by(*_order("date", True))
        .limit(min(max(limit, 1), 200))  # SQLite reads LIMIT -1 as no limit at all
        .offset(min(max(offset, 0), MAX_OFFSET))
    )
    return list(session.exec(statement))


def scorecard_page(
    session: Session,
    *,
    viewer: User,
    query: str = "",
    status: str = "",
    sort: str = "date",
    descending: bool = True,
    page: int = 1,
    per_page: int = 25,
) -> ScorecardPage:
    """One page of the scorecard list, sorted by title, date or status, with owners' emails."""
    where = _visible_heads(viewer, query, status)
    total = session.exec(select(func.count()).select_from(ScorecardRecord).where(where)).one()
    offset = min(max(page - 1, 0) * per_page, MAX_OFFSET)
    statement = (
        select(ScorecardRecord, User.email)
        .join(User, col(User.id) == col(ScorecardRecord.owner_id))
        .where(where)
        .order_by(*_order(sort, descending))
        .limit(per_page)
        .offset(offset)
    )
    return ScorecardPage(rows=[(r, e) for r, e in session.exec(statement)], total=int(total))


def user_email(session: Session, *, user_id: int) -> str:
    """The user's email, or "unknown" for a user who no longer exists."""
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
