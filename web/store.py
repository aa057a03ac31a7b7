"""Data access: every query the service makes, as keyword-only functions over a session."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, or_, update
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from generator.schema import Scorecard
from web.models import (
    ApiToken,
    AuditEvent,
    GenerationJob,
    JobDescription,
    JobStatus,
    LLMCall,
    LoginFailure,
    Role,
    ScorecardRecord,
    User,
    utcnow,
)
from web.permissions import can_view_scorecard

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
MIN_PASSWORD = 10


class StoreError(ValueError):
    """A request the store refuses, with a sentence for the user."""


# Users ---------------------------------------------------------------------------------------


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def create_user(session: Session, *, email: str, password: str, role: Role | str) -> User:
    """Create an account; the password is hashed with scrypt."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise StoreError("Enter a valid email address.")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"Use a password of at least {MIN_PASSWORD} characters.")
    if session.exec(select(User).where(User.email == email)).first():
        raise StoreError("An account with this email already exists.")
    try:
        role = Role(role)
    except ValueError:
        raise StoreError(
            f"Unknown role '{role}'; use one of {', '.join(r.value for r in Role)}."
        ) from None
    user = User(
        email=email, role=role, password_hash=generate_password_hash(password, method="scrypt")
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        check_password_hash(
            "scrypt:32768:8:1$x$" + "0" * 128, password
        )  # same cost for unknown emails
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.email)))


def update_user(
    session: Session, *, user_id: int, role: str | None = None, active: bool | None = None
) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise StoreError("No such user.")
    if role is not None:
        try:
            user.role = Role(role)
        except ValueError:
            raise StoreError(f"Unknown role '{role}'.") from None
    if active is not None:
        user.active = active
        if not active:
            revoke_all_tokens(session, user_id=user_id)
    session.add(user)
    return user


# Login rate limit ----------------------------------------------------------------------------


def too_many_failures(session: Session, *, key: str, limit: int, window_seconds: int) -> bool:
    since = utcnow() - timedelta(seconds=window_seconds)
    count = session.exec(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.at >= since)
    ).one()
    return count >= limit


def record_failure(session: Session, *, key: str) -> None:
    session.add(LoginFailure(key=key))


def clear_failures(session: Session, *, key: str) -> None:
    for row in session.exec(select(LoginFailure).where(LoginFailure.key == key)):
        session.delete(row)


# API tokens ----------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, user: User, name: str = "API token") -> tuple[str, ApiToken]:
    """Create a personal token; only its hash is stored, the plain token is shown once."""
    plain = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name.strip()[:80] or "API token", token_hash=_hash_token(plain)
    )
    session.add(token)
    session.flush()
    return plain, token


# Built once: the API checks a token on every request, so it is one prebuilt Core query.
_TOKEN_LOOKUP = (
    select(User.id, User.email, User.role, ApiToken.id, ApiToken.last_used_at)
    .join(ApiToken, col(ApiToken.user_id) == col(User.id))
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        col(ApiToken.revoked_at).is_(None),
        col(User.active).is_(True),
    )
)


def user_for_token(session: Session, *, token: str) -> User | None:
    """The active user a live token belongs to, or None; revocation and disabling apply at once."""
    row = session.execute(_TOKEN_LOOKUP, {"token_hash": _hash_token(token)}).first()
    if row is None:
        return None
    user_id, email, role, token_id, last_used = row
    now = utcnow()
    if last_used is None or (
        last_used.replace(tzinfo=now.tzinfo) if last_used.tzinfo is None else last_used
    ) < now - timedelta(minutes=1):
        # Recorded at most once a minute, so that reads stay reads.
        session.execute(
            update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now)
        )
        session.info["needs_commit"] = True
    return User.model_construct(id=user_id, email=email, role=Role(role), active=True)


def list_tokens(session: Session, *, user_id: int) -> list[ApiToken]:
    return list(
        session.exec(
            select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(col(ApiToken.created_at).desc())
        )
    )


def revoke_token(session: Session, *, user_id: int, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.add(token)
    return True


def revoke_all_tokens(session: Session, *, user_id: int) -> None:
    session.exec(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )  # type: ignore[call-overload]


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
    jd = JobDescription(owner_id=owner.id, text=text, title=title[:200], filename=filename)
    session.add(jd)
    session.flush()
    job = GenerationJob(owner_id=owner.id, job_description_id=jd.id, options=options, model=model)
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
            GenerationJob.id == job_id,
            or_(
                GenerationJob.status == JobStatus.queued,
                (GenerationJob.status == JobStatus.running) & (GenerationJob.heartbeat_at < stale),
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
        .where(GenerationJob.id == job_id)
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
        .where(GenerationJob.id == job.id)
        .values(status=JobStatus.succeeded, progress=100, stage="Done", heartbeat_at=utcnow())
    )  # type: ignore[call-overload]
    session.flush()
    return record


def fail_job(session: Session, *, job_id: str, error: str) -> None:
    session.exec(
        update(GenerationJob)
        .where(GenerationJob.id == job_id)
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
                GenerationJob.status == JobStatus.queued,
                (GenerationJob.status == JobStatus.running) & (GenerationJob.heartbeat_at < stale),
            )
        )
    )
    return list(rows)


# Scorecards ----------------------------------------------------------------------------------


def get_scorecard(session: Session, *, scorecard_id: int, viewer: User) -> ScorecardRecord | None:
    """The scorecard if the viewer may see it, else None (so callers answer 404)."""
    record = session.get(ScorecardRecord, scorecard_id)
    return record if record is not None and can_view_scorecard(viewer, record) else None


_SCORECARD_JSON = select(
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
    if viewer.role == Role.recruiter:
        statement = statement.where(ScorecardRecord.owner_id == viewer.id)
    elif viewer.role == Role.interviewer:
        statement = statement.where(ScorecardRecord.status == "approved")
    if query:
        statement = statement.where(col(ScorecardRecord.title).ilike(f"%{query.strip()[:100]}%"))
    if status:
        statement = statement.where(ScorecardRecord.status == status)
    statement = (
        statement.order_by(col(ScorecardRecord.created_at).desc(), col(ScorecardRecord.id).desc())
        .limit(min(limit, 200))
        .offset(max(offset, 0))
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
) -> None:
    session.add(
        AuditEvent(
            user_id=user.id if user else None,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            detail=detail[:500] if detail else None,
        )
    )
