"""Data access for who may log in and how: the filtered user list, password changes and resets.

Every change of password ends the user's other sessions (their generation moves on); API tokens
are left alone, so integrations keep working through a reset.
"""

from __future__ import annotations

from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from web.models import Role, User
from web.store.accounts import StoreError, end_sessions


def find_users(session: Session, *, email_contains: str = "", role: str = "") -> list[User]:
    """Users by email, narrowed to those whose email contains the text and who have the role."""
    query = select(User).order_by(User.email)
    if text := email_contains.strip().lower():
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(col(User.email).like(f"%{escaped}%", escape="\\"))
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    return list(session.exec(query))


def set_password(session: Session, *, user: User, password: str) -> None:
    """Give the user a new password they chose, ending their sessions; the rules apply.

    Raises:
        StoreError: the password breaks a rule or is the one they have now.
    """
    from web.auth.passwords import password_problem  # here: the web.auth package imports the store

    if problem := password_problem(password, email=user.email):
        raise StoreError(problem)
    if check_password_hash(user.password_hash, password):
        raise StoreError("Choose a password different from the one you have now.")
    user.password_hash = generate_password_hash(password, method="scrypt")
    user.must_change_password = False
    session.add(user)
    session.flush()
    end_sessions(session, user_id=int(user.id or 0))
    session.refresh(user)  # the new session generation, for the session that carries on


def reset_password(session: Session, *, user_id: int, temporary: str | None = None) -> User:
    """Make the user choose a new password at their next login, optionally setting a temporary one.

    Their sessions end. Raises:
        StoreError: no such user, or the temporary password breaks a rule.
    """
    from web.auth.passwords import password_problem

    user = session.get(User, user_id)
    if user is None:
        raise StoreError("No such user.")
    if temporary is not None:
        if problem := password_problem(temporary, email=user.email):
            raise StoreError(problem)
        user.password_hash = generate_password_hash(temporary, method="scrypt")
    user.must_change_password = True
    session.add(user)
    session.flush()
    end_sessions(session, user_id=user_id)
    return user
