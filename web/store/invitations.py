"""Data access for invitation links: issue, look up and accept, storing only each token's hash.

A link is single use: accepting it is one UPDATE that only an unused, unexpired row matches, so of
two racing clicks exactly one sets the password. Issuing a new link deletes the user's old ones.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select
from werkzeug.security import generate_password_hash

from web.models import Invitation, User, utcnow
from web.store.accounts import INVITED, StoreError


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_invitation(
    session: Session, *, user: User, created_by: User | None, hours: int
) -> tuple[str, Invitation]:
    """A new link for the user, valid for `hours`; their earlier links stop working.

    Returns the plain token (shown once, never stored) and the row.
    """
    user_id = int(user.id or 0)
    session.exec(delete(Invitation).where(col(Invitation.user_id) == user_id))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = Invitation(
        token_hash=_hash(token),
        user_id=user_id,
        created_by=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(invitation)
    session.flush()
    return token, invitation


def usable_invitation(session: Session, *, token: str) -> Invitation | None:
    """The unused, unexpired invitation with this token, or None."""
    if not token or len(token) > 100:
        return None
    return session.exec(
        select(Invitation).where(
            Invitation.token_hash == _hash(token),
            col(Invitation.used_at).is_(None),
            Invitation.expires_at > utcnow(),
        )
    ).first()


def accept_invitation(session: Session, *, token: str, password: str) -> User:
    """Use the link once: set the invitee's chosen password and return them (the rules apply).

    Raises:
        StoreError: the link is unknown, used or expired, or the password breaks a rule.
    """
    from web.auth.passwords import password_problem  # here: the web.auth package imports the store

    invitation = usable_invitation(session, token=token)
    user = session.get(User, invitation.user_id) if invitation else None
    if invitation is None or user is None or not user.active:
        raise StoreError(EXPIRED)
    if problem := password_problem(password, email=user.email):
        raise StoreError(problem)
    claimed = session.exec(
        update(Invitation)
        .where(col(Invitation.id) == invitation.id, col(Invitation.used_at).is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # another request used it a moment ago
        raise StoreError(EXPIRED)
    user.password_hash = generate_password_hash(password, method="scrypt")
    user.must_change_password = False
    session.add(user)
    return user


def pending_invitations(session: Session, *, user_ids: Iterable[int]) -> dict[int, Invitation]:
    """Each user's unused invitation (expired ones too, so the page can say so), by user id."""
    rows = session.exec(
        select(Invitation).where(
            col(Invitation.user_id).in_(list(user_ids)), col(Invitation.used_at).is_(None)
        )
    )
    return {row.user_id: row for row in rows}


def awaits_invitation(user: User) -> bool:
    """True while the user has never chosen a password (they were invited and have not accepted)."""
    return user.password_hash == INVITED


EXPIRED = (
    "This invitation link has expired or has already been used. "
    "Ask your administrator for a new link."
)
