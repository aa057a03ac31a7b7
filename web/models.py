"""Table models. Generation schemas live in generator/; these store them and what surrounds them.

Scorecards keep their validated JSON plus the few columns queries need; versions, comments and
ratings attach by scorecard id and lineage.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def saved_id(row: Any) -> int:
    """The primary key of a row that has been saved (flushed); ids are None only before that."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet; flush the session first")
    return int(row.id)


class Role(StrEnum):
    admin = "admin"
    recruiter = "recruiter"
    hiring_manager = "hiring_manager"
    interviewer = "interviewer"


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class UserBase(SQLModel):
    email: str = Field(index=True, unique=True, max_length=254)
    role: Role = Field(default=Role.recruiter)
    active: bool = True


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    # Bumped by logout, a password change and disabling: every session of an older generation ends.
    session_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Set by an admin's reset: the user may use no page but "choose a new password" until they do.
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    # Flask-Login's interface
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class UserPublic(UserBase):
    id: int
    created_at: datetime


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="API token", max_length=80)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class Installation(SQLModel, table=True):
    """One row per database: its identity (which names its job queue) and when first-run setup was won."""

    id: int = Field(default=1, primary_key=True)
    instance_id: str = Field(max_length=32)
    setup_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=300)
    at: datetime = Field(default_factory=utcnow, index=True)


class JobDescription(SQLModel, table=True):
    __tablename__ = "job_description"
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(default="", max_length=200)
    filename: str | None = Field(default=None, max_length=255)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ScorecardBase(SQLModel):
    title: str = Field(index=True, max_length=200)
    status: str = Field(default="draft", index=True, max_length=20)
    version: int = 1
    engine: str = Field(default="offline", max_length=20)
    model: str | None = Field(default=None, max_length=120)


class ScorecardStatus(StrEnum):
    """A version's place in review: draft → in review → approved; superseded and archived are history."""

    draft = "draft"
    in_review = "in_review"
    approved = "approved"
    superseded = "superseded"
    archived = "archived"


class ScorecardRecord(ScorecardBase, table=True):
    """One immutable version of a scorecard; versions of the same scorecard share a lineage id.

    `data` is never updated after insert (a database trigger refuses it); review moves `status`,
    and every edit inserts the next version.
    """

    __tablename__ = "scorecard"
    __table_args__ = (UniqueConstraint("lineage_id", "version", name="uq_scorecard_version"),)
    id: int | None = Field(default=None, primary_key=True)
    lineage_id: str = Field(default_factory=lambda: uuid.uuid4().hex, index=True, max_length=32)
    owner_id: int = Field(foreign_key="user.id", index=True)
    job_description_id: int = Field(foreign_key="job_description.id", index=True)
    generation_job_id: str | None = Field(
        default=None, foreign_key="generation_job.id", unique=True, max_length=32
    )
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Versioning and review
    is_head: bool = Field(default=True, index=True)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    parent_id: int | None = Field(default=None, foreign_key="scorecard.id")
    change_summary: str = Field(default="", max_length=500)
    changed_parts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    approved_by: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = None
    scoring_closed_at: datetime | None = None
    scoring_closed_by: int | None = Field(default=None, foreign_key="user.id")


class ScorecardPublic(ScorecardBase):
    id: int
    created_at: datetime
    owner_id: int


class GenerationJob(SQLModel, table=True):
    __tablename__ = "generation_job"
    # A request repeated with the same key (double submit, client retry) finds this job again.
    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key", name="uq_generation_job_idempotency_key"),
    )
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    owner_id: int = Field(foreign_key="user.id", index=True)
    job_description_id: int = Field(foreign_key="job_description.id")
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    model: str = Field(default="offline", max_length=120)
    status: JobStatus = Field(default=JobStatus.queued, index=True)
    progress: int = 0
    stage: str = Field(default="", max_length=120)
    error: str | None = Field(default=None, max_length=1000)
    attempts: int = 0
    lease: str | None = Field(
        default=None, max_length=32
    )  # the run allowed to write; see web/tasks
    idempotency_key: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    heartbeat_at: datetime = Field(default_factory=utcnow, index=True)


class LLMCall(SQLModel, table=True):
    __tablename__ = "llm_call"
    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="generation_job.id", index=True, max_length=32)
    stage: str = Field(max_length=120)
    model: str = Field(max_length=120)
    seconds: float = 0.0
    calls: int = 0
    attempts: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60, index=True)
    object_type: str | None = Field(default=None, max_length=40)
    object_id: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    lineage_id: str | None = Field(default=None, index=True, max_length=32)


# Review ----------------------------------------------------------------------------------------


class ReviewComment(SQLModel, table=True):
    """A reviewer's comment on a scorecard, attached to a part (a competency, a question) or to the whole."""

    __tablename__ = "review_comment"
    id: int | None = Field(default=None, primary_key=True)
    lineage_id: str = Field(index=True, max_length=32)
    scorecard_id: int = Field(foreign_key="scorecard.id")
    part: str = Field(default="general", max_length=120)
    kind: str = Field(default="comment", max_length=20)  # comment | changes_requested
    body: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    resolved_by: int | None = Field(default=None, foreign_key="user.id")


class FairnessOverride(SQLModel, table=True):
    """A reviewer's reasoned decision to keep text the fair-interview check flagged."""

    __tablename__ = "fairness_override"
    __table_args__ = (UniqueConstraint("lineage_id", "finding_key", name="uq_fairness_override"),)
    id: int | None = Field(default=None, primary_key=True)
    lineage_id: str = Field(index=True, max_length=32)
    finding_key: str = Field(max_length=64)
    reason: str = Field(max_length=500)
    user_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Regeneration(SQLModel, table=True):
    """A background request to rewrite one part; its result is a proposal until accepted or discarded."""

    __tablename__ = "regeneration"
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    scorecard_id: int = Field(foreign_key="scorecard.id", index=True)
    requested_by: int = Field(foreign_key="user.id")
    part: str = Field(max_length=120)
    instruction: str = Field(default="", max_length=500)
    model: str = Field(default="offline", max_length=120)
    status: JobStatus = Field(default=JobStatus.queued, index=True)
    progress: int = 0
    stage: str = Field(default="", max_length=120)
    error: str | None = Field(default=None, max_length=1000)
    attempts: int = 0
    proposal: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    decision: str | None = Field(default=None, max_length=20)  # accepted | discarded
    lease: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    heartbeat_at: datetime = Field(default_factory=utcnow)


# Tables kept in their own modules, imported here so that `web.models` names every table.
from web.models_accounts import Invitation as Invitation  # noqa: E402
from web.models_scoring import Candidate as Candidate  # noqa: E402
from web.models_scoring import Feedback as Feedback  # noqa: E402
from web.models_scoring import FeedbackStatus as FeedbackStatus  # noqa: E402
from web.models_scoring import PanelMember as PanelMember  # noqa: E402
from web.models_scoring import Rating as Rating  # noqa: E402
from web.models_scoring import Recommendation as Recommendation  # noqa: E402
