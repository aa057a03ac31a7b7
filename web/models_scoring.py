"""Candidates and scoring: candidates, their interview panels, feedback and per-competency ratings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from web.models import utcnow


class Recommendation(StrEnum):
    strong_no = "strong_no"
    no = "no"
    yes = "yes"
    strong_yes = "strong_yes"


class Candidate(SQLModel, table=True):
    """A candidate scored against one exact approved scorecard version."""

    __tablename__ = "candidate"
    id: int | None = Field(default=None, primary_key=True)
    scorecard_id: int = Field(foreign_key="scorecard.id", index=True)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    stage: str = Field(default="interviewing", max_length=40)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class PanelMember(SQLModel, table=True):
    """An interviewer on a candidate's panel, with the competencies they focus on (empty: all)."""

    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("candidate_id", "interviewer_id", name="uq_panel_member"),)
    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    interviewer_id: int = Field(foreign_key="user.id", index=True)
    focus: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class FeedbackStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"


class Feedback(SQLModel, table=True):
    """One interviewer's feedback on one candidate: a draft until submitted, then locked."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("candidate_id", "interviewer_id", name="uq_feedback"),)
    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    interviewer_id: int = Field(foreign_key="user.id", index=True)
    status: FeedbackStatus = Field(default=FeedbackStatus.draft)
    recommendation: Recommendation | None = None
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    question_notes: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class Rating(SQLModel, table=True):
    """One competency's rating in a feedback: a whole number 1-5 (checked by the database too)."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("feedback_id", "competency_id", name="uq_rating"),
        CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="ck_rating_score"),
    )
    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True, ondelete="CASCADE")
    competency_id: str = Field(max_length=80)
    score: int | None = None  # a draft may hold evidence before a level is chosen
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


# Invitations live in their own module; imported here so every user of the models registers them.
