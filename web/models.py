"""Table models. Generation schemas live in generator/; these store them and what surrounds them.

Scorecards keep their validated JSON plus the few columns queries need; versions, comments and
ratings attach by scorecard id and lineage.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


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


class ScorecardRecord(ScorecardBase, table=True):
    __tablename__ = "scorecard"
    id: int | None = Field(default=None, primary_key=True)
    lineage_id: str = Field(default_factory=lambda: uuid.uuid4().hex, index=True, max_length=32)
    owner_id: int = Field(foreign_key="user.id", index=True)
    job_description_id: int = Field(foreign_key="job_description.id", index=True)
    generation_job_id: str | None = Field(
        default=None, foreign_key="generation_job.id", unique=True, max_length=32
    )
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ScorecardPublic(ScorecardBase):
    id: int
    created_at: datetime
    owner_id: int


class GenerationJob(SQLModel, table=True):
    __tablename__ = "generation_job"
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
