"""Login sessions that end when they should: at logout, on disabling, when idle, and at a set age.

A session carries the user's session generation from its login. Logout and disabling move the
generation on in the database, so every copy of an older cookie stops working at once, whoever
holds it. The check runs in Flask-Login's user loader, on every request that looks at the user;
a remember-me cookie goes through the same loader and, lacking a generation, is refused.
"""

from __future__ import annotations

import time

from flask import session
from flask_login import login_user, logout_user

from web.context import db, extension
from web.models import User, saved_id
from web.store import accounts

GENERATION, STARTED, SEEN = "session_generation", "session_started", "session_seen"
TOUCH_SECONDS = 60  # the last-seen time is rewritten at most this often, not on every request


def clock() -> float:
    """Seconds since the epoch (a function, so tests can move time)."""
    return time.time()


def start_session(user: User) -> None:
    """Log the user in with a fresh session that records its generation and start."""
    session.clear()  # nothing from before login carries over
    login_user(user)
    now = int(clock())
    session[GENERATION] = user.session_generation
    session[STARTED] = now
    session[SEEN] = now


def session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the session's user while the session is valid, else None."""
    settings = extension()["settings"]
    generation, started, seen = (session.get(key) for key in (GENERATION, STARTED, SEEN))
    if not (
        user_id.isdigit()
        and isinstance(generation, int)
        and isinstance(started, int)
        and isinstance(seen, int)
    ):
        return None  # logged in before sessions carried these, or by a remember-me cookie
    now = clock()
    if (
        now - seen > settings.session_idle_minutes * 60
        or now - started > settings.session_max_hours * 3600
    ):
        return None
    user = accounts.get_user(db(), user_id=int(user_id))
    if user is None or not user.active or user.session_generation != generation:
        return None
    if now - seen >= TOUCH_SECONDS:
        session[SEEN] = int(now)
    return user


def end_session(user: User) -> None:
    """Log out here and end the user's every other session too."""
    accounts.end_sessions(db(), user_id=saved_id(user))
    db().commit()
    logout_user()
    session.clear()
