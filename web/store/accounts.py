"""Data access for accounts: users, login failures and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from web.models import ApiToken, LoginFailure, Role, User, saved_id, utcnow

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
        user_id=saved_id(user), name=name.strip()[:80] or "API token", token_hash=_hash_token(plain)
    )
    session.add(token)
    session.flush()
    return plain, token


# Built once: the API checks a token on every request, so it is one prebuilt Core query.
_TOKEN_LOOKUP = (
    select(  # type: ignore[call-overload]  # five typed columns: past sqlmodel's overloads
        User.id, User.email, User.role, ApiToken.id, ApiToken.last_used_at
    )
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
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )  # type: ignore[call-overload]
