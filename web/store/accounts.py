"""Data access for accounts: users, sessions, first-run setup, login failures and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, update
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from web.models import ApiToken, Installation, LoginFailure, Role, User, saved_id, utcnow

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
MAX_EMAIL = 254  # RFC 5321, and the column's size
MIN_PASSWORD = 10
# Longer than any password we let anyone set: refused before hashing, so it costs nothing.
MAX_PASSWORD_INPUT = 1024
_DUMMY_HASH = "scrypt:32768:8:1$x$" + "0" * 128
INVITED = "!invited"  # the hash of an account whose user has not chosen a password: matches none


class StoreError(ValueError):
    """A request the store refuses, with a sentence for the user."""


# Users ---------------------------------------------------------------------------------------


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def plain_email(email: str) -> str | None:
    """The email as stored (trimmed, lowercase), or None if it cannot be one: too long, control characters."""
    email = email.strip().lower()
    if len(email) > MAX_EMAIL or any(unicodedata.category(c) == "Cc" for c in email):
        return None
    return email


def create_user(session: Session, *, email: str, password: str | None, role: Role | str) -> User:
    """Create an account; the password must pass web/auth/passwords and is hashed with scrypt.

    Without one, no password matches until the user accepts an invitation (web/store/invitations).
    """
    from web.auth.passwords import password_problem  # here: the web.auth package imports the store

    plain = plain_email(email)
    if plain is None or not EMAIL.match(plain):
        raise StoreError(f"Enter a valid email address of at most {MAX_EMAIL} characters.")
    problem = None if password is None else password_problem(password, email=plain)
    if problem:
        raise StoreError(problem)
    if session.exec(select(User).where(User.email == plain)).first():
        raise StoreError("An account with this email already exists.")
    try:
        role = Role(role)
    except ValueError:
        raise StoreError(
            f"Unknown role '{role}'; use one of {', '.join(r.value for r in Role)}."
        ) from None
    hashed = INVITED if password is None else generate_password_hash(password, method="scrypt")
    user = User(email=plain, role=role, password_hash=hashed)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active user with this email and password, or None; impossible input costs no hashing."""
    plain = plain_email(email)
    if plain is None or len(password) > MAX_PASSWORD_INPUT:
        return None
    user = session.exec(select(User).where(User.email == plain)).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)  # same cost for unknown emails
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
    """Change a role or enable/disable; disabling ends the user's sessions and revokes their tokens."""
    user = session.get(User, user_id)
    if user is None:
        raise StoreError("No such user.")
    try:
        new_role = user.role if role is None else Role(role)
    except ValueError:
        raise StoreError(f"Unknown role '{role}'.") from None
    if user.role == Role.admin and user.active and (new_role != Role.admin or active is False):
        _keep_an_admin(session, user_id=user_id)  # checked before anything changes
    user.role = new_role
    if active is not None:
        user.active = active
        if not active:
            revoke_all_tokens(session, user_id=user_id)
            end_sessions(session, user_id=user_id)
    session.add(user)
    return user


def _keep_an_admin(session: Session, *, user_id: int) -> None:
    """Refuse to leave no active admin besides this user, whom the caller demotes or disables."""
    others = select(func.count()).where(User.role == Role.admin, col(User.active).is_(True))
    if session.exec(others.where(col(User.id) != user_id)).one() == 0:
        raise StoreError("Keep at least one active admin: make another user an admin first.")


def end_sessions(session: Session, *, user_id: int) -> None:
    """End every session of the user: each carries the generation it began in, which moves on here."""
    session.exec(
        update(User)
        .where(col(User.id) == user_id)
        .values(session_generation=col(User.session_generation) + 1)
    )


def claim_setup(session: Session) -> bool:
    """Win first-run setup: True for exactly one caller however many race, since one UPDATE decides.

    The row lock (PostgreSQL) or write lock (SQLite) makes the others wait and then find setup_at
    set. Call it in the transaction that creates the admin, so a failure rolls the claim back.
    """
    result = session.exec(
        update(Installation)
        .where(
            col(Installation.id) == 1,
            col(Installation.setup_at).is_(None),
            ~select(col(User.id)).exists(),  # e.g. `scorecard users add` came first
        )
        .values(setup_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def instance_id(session: Session) -> str | None:
    """This database's identity, written by migration 0003; workers' queues are named after it."""
    return session.exec(select(Installation.instance_id).where(col(Installation.id) == 1)).first()


# Login failures ------------------------------------------------------------------------------


class FailureTally(NamedTuple):
    """A key's failed logins within the window: how many, the first and the last."""

    failures: int
    first: datetime
    last: datetime


def _stored_key(key: str) -> str:
    """The key as stored: itself when short and printable, else a digest (the column holds 300)."""
    if len(key) <= 200 and key.isprintable():
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def failure_tallies(
    session: Session, *, keys: Iterable[str], window_seconds: int
) -> dict[str, FailureTally]:
    """Failures per key within the window, in one query on the key index; keys without any are absent."""
    stored = {_stored_key(key): key for key in keys}
    rows = session.exec(
        select(  # type: ignore[call-overload]  # four typed columns: past sqlmodel's overloads
            LoginFailure.key, func.count(), func.min(LoginFailure.at), func.max(LoginFailure.at)
        )
        .where(
            col(LoginFailure.key).in_(list(stored)),
            col(LoginFailure.at) >= utcnow() - timedelta(seconds=window_seconds),
        )
        .group_by(LoginFailure.key)
    )
    return {
        stored[key]: FailureTally(count, _aware(first), _aware(last))
        for key, count, first, last in rows
    }


def too_many_failures(session: Session, *, key: str, limit: int, window_seconds: int) -> bool:
    tally = failure_tallies(session, keys=[key], window_seconds=window_seconds).get(key)
    return tally is not None and tally.failures >= limit


def record_failures(session: Session, *, keys: Iterable[str], keep_seconds: int) -> None:
    """Record one failed login under each key, and forget failures older than any window."""
    now = utcnow()
    session.exec(
        delete(LoginFailure).where(col(LoginFailure.at) < now - timedelta(seconds=keep_seconds))
    )
    session.add_all(LoginFailure(key=_stored_key(key), at=now) for key in keys)


def record_failure(session: Session, *, key: str, keep_seconds: int = 86_400) -> None:
    record_failures(session, keys=[key], keep_seconds=keep_seconds)


def clear_failures(session: Session, *, key: str) -> None:
    session.exec(delete(LoginFailure).where(col(LoginFailure.key) == _stored_key(key)))


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
