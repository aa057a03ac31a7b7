"""Table models for account administration: invitation links that let a new user choose a password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from web.models import utcnow


class Invitation(SQLModel, table=True):
    """A one-time link for a user to choose their password; only the token's SHA-256 is stored.

    Usable while `used_at` is empty and `expires_at` is ahead; a re-issued link deletes the old one.
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_invitation_token_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
