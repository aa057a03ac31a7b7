"""Data access for scorecard versions: save an edit as a new version, list, restore, copy.

A version's JSON is never updated (a trigger refuses it). Saving inserts the next version of the
lineage; a save based on anything but the lineage's head is refused with `VersionConflict`, and
the unique (lineage, version) constraint refuses the loser of two simultaneous saves.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from generator.schema import Scorecard
from generator.versions import diff_scorecards
from web.models import ScorecardRecord, ScorecardStatus, User, saved_id, utcnow
from web.store.scorecards import audit, user_email

OPEN = (ScorecardStatus.draft, ScorecardStatus.in_review)


class VersionConflict(Exception):
    """Someone saved a newer version since the editor's base; nothing was saved."""

    def __init__(self, head: ScorecardRecord, author: str) -> None:
        self.head = head
        self.author = author
        summary = head.change_summary or "a new version"
        super().__init__(
            f"{author} saved version {head.version} ({summary}) after you started editing. "
            "Your edits are kept below: reload to start from the latest version, "
            "or save again to apply your edits on top of it."
        )


def head_of(session: Session, *, lineage_id: str) -> ScorecardRecord | None:
    """The newest version of a lineage."""
    return session.exec(
        select(ScorecardRecord)
        .where(ScorecardRecord.lineage_id == lineage_id)
        .order_by(col(ScorecardRecord.version).desc())
        .limit(1)
    ).first()


def approved_of(session: Session, *, lineage_id: str) -> ScorecardRecord | None:
    """The version interviewers use: the lineage's approved one, if any."""
    return session.exec(
        select(ScorecardRecord).where(
            ScorecardRecord.lineage_id == lineage_id,
            ScorecardRecord.status == ScorecardStatus.approved,
        )
    ).first()


def save_version(
    session: Session,
    *,
    base: ScorecardRecord,
    scorecard: Scorecard,
    author: User,
    action: str = "scorecard.edited",
    note: str | None = None,
) -> ScorecardRecord:
    """Insert `scorecard` as the next version after `base` (a draft) and audit it; flushes, no commit.

    Raises:
        VersionConflict: `base` is no longer the lineage's head (someone saved in between).
    """
    if not base.is_head:
        # A simultaneous save that slips past this check loses on the unique (lineage, version).
        head = head_of(session, lineage_id=base.lineage_id)
        assert head is not None
        raise VersionConflict(head, user_email(session, user_id=head.author_id or head.owner_id))
    diff = diff_scorecards(base.data, scorecard)
    summary = note or diff.summary
    record = ScorecardRecord(
        title=scorecard.role.title[:200],
        status=ScorecardStatus.draft,
        version=base.version + 1,
        engine=base.engine,
        model=base.model,
        lineage_id=base.lineage_id,
        owner_id=base.owner_id,
        job_description_id=base.job_description_id,
        data=scorecard.to_json_dict(),
        author_id=author.id,
        parent_id=base.id,
        change_summary=summary[:500],
        changed_parts=diff.changed_parts,
    )
    # The old head stops being the head; an open draft it was becomes history.
    session.exec(  # type: ignore[call-overload]
        update(ScorecardRecord)
        .where(col(ScorecardRecord.id) == base.id)
        .values(
            is_head=False,
            status=ScorecardStatus.superseded if base.status in OPEN else base.status,
        )
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        head = head_of(session, lineage_id=base.lineage_id)
        assert head is not None
        raise VersionConflict(
            head, user_email(session, user_id=head.author_id or head.owner_id)
        ) from None
    audit(
        session,
        user=author,
        action=action,
        object_type="scorecard",
        object_id=record.id,
        detail=f"v{record.version}: {summary}"[:500],
        lineage_id=record.lineage_id,
    )
    return record


def list_versions(session: Session, *, lineage_id: str) -> list[ScorecardRecord]:
    """Every version of a lineage, newest first."""
    return list(
        session.exec(
            select(ScorecardRecord)
            .where(ScorecardRecord.lineage_id == lineage_id)
            .order_by(col(ScorecardRecord.version).desc())
        )
    )


def version_of(session: Session, *, lineage_id: str, version: int) -> ScorecardRecord | None:
    return session.exec(
        select(ScorecardRecord).where(
            ScorecardRecord.lineage_id == lineage_id, ScorecardRecord.version == version
        )
    ).first()


def copy_as_new(session: Session, *, source: ScorecardRecord, owner: User) -> ScorecardRecord:
    """Start a new scorecard (its own lineage, version 1, a draft) from an approved one."""
    record = ScorecardRecord(
        title=source.title,
        status=ScorecardStatus.draft,
        version=1,
        engine=source.engine,
        model=source.model,
        lineage_id=uuid.uuid4().hex,
        owner_id=saved_id(owner),
        job_description_id=source.job_description_id,
        data=source.data,
        author_id=owner.id,
        change_summary=f"Started from {source.title} v{source.version}"[:500],
        created_at=utcnow(),
    )
    session.add(record)
    session.flush()
    audit(
        session,
        user=owner,
        action="scorecard.copied",
        object_type="scorecard",
        object_id=record.id,
        detail=f"from scorecard {source.id} (v{source.version})",
        lineage_id=record.lineage_id,
    )
    return record
