"""Checking an email and password under the login rate limit: shared by the login form and the API."""

from __future__ import annotations

from flask import request

from web import store
from web.context import db, extension
from web.models import User

BAD_CREDENTIALS = "That email and password do not match an active account."


class TooManyAttempts(Exception):
    """Too many failed logins from this address for this email; answer 429."""


def check_credentials(email: str, password: str) -> User | None:
    """The active account these credentials belong to, or None (the failure is recorded).

    Raises:
        TooManyAttempts: the address has failed too often for this email within the window.
    """
    session = db()
    settings = extension()["settings"]
    key = f"{request.remote_addr}|{email.strip().lower()}"
    if store.too_many_failures(
        session,
        key=key,
        limit=settings.login_attempts,
        window_seconds=settings.login_window_seconds,
    ):
        raise TooManyAttempts
    user = store.authenticate(session, email=email, password=password)
    if user is None:
        store.record_failure(session, key=key)
        session.commit()
        return None
    store.clear_failures(session, key=key)
    return user
