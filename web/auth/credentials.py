"""Checking an email and password under the login limits: shared by the login form and the API.

Three tallies of failed logins are read in one indexed query before any password is hashed, so a
refused attempt costs no scrypt:

- per address, any email (LOGIN_ADDRESS_ATTEMPTS): spraying many emails from one address stops;
- per address and email (LOGIN_ATTEMPTS): guessing one account from one address stops;
- per account, any address: past LOGIN_ATTEMPTS failures, each try waits a delay that doubles up to
  LOGIN_ACCOUNT_DELAY_MAX_SECONDS. Only a delay, never a lockout: behind a proxy or from a botnet,
  a lockout per account would let anyone keep the owner out.
"""

from __future__ import annotations

import math
from datetime import datetime

from flask import request

from web.context import db, extension
from web.models import User
from web.store import accounts

BAD_CREDENTIALS = "That email and password do not match an active account."


class TooManyAttempts(Exception):
    """A login limit applies: answer 429 with this message and Retry-After."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def check_credentials(email: str, password: str) -> User | None:
    """The active account these credentials belong to, or None (the failure is recorded).

    Raises:
        TooManyAttempts: a limit applies; the password was not checked.
    """
    session = db()
    settings = extension()["settings"]
    window = settings.login_window_seconds
    address = request.remote_addr or "unknown"  # the client's, behind TRUSTED_PROXIES proxies
    account = email.strip().lower()  # long or odd keys are hashed by the store
    by_address, by_pair, by_account = (
        f"address:{address}",
        f"pair:{address}|{account}",
        f"account:{account}",
    )
    tallies = accounts.failure_tallies(
        session, keys=[by_address, by_pair, by_account], window_seconds=window
    )
    now = accounts.utcnow()  # the store's clock, which tests move
    if (tally := tallies.get(by_address)) and tally.failures >= settings.login_address_attempts:
        wait = max(1, _seconds_until(tally.first, window, now))
        raise TooManyAttempts(
            f"Too many failed attempts from your network. Try again in {_duration(wait)}.", wait
        )
    if (tally := tallies.get(by_pair)) and tally.failures >= settings.login_attempts:
        wait = max(1, _seconds_until(tally.first, window, now))
        raise TooManyAttempts(
            "Too many failed attempts for this email from your network. "
            f"Try again in {_duration(wait)}.",
            wait,
        )
    if (tally := tallies.get(by_account)) and tally.failures >= settings.login_attempts:
        delay = min(
            settings.login_account_delay_max_seconds,
            2 ** (tally.failures - settings.login_attempts),
        )
        if (wait := _seconds_until(tally.last, delay, now)) > 0:
            raise TooManyAttempts(
                f"Too many failed attempts for this account. Try again in {_duration(wait)}.",
                wait,
            )
    user = accounts.authenticate(session, email=email, password=password)
    if user is None:
        accounts.record_failures(
            session, keys=[by_address, by_pair, by_account], keep_seconds=window
        )
        session.commit()
        return None
    accounts.clear_failures(session, key=by_pair)  # not the others: an attacker could reset them
    return user


def _seconds_until(since: datetime, seconds: int, now: datetime) -> int:
    """Whole seconds until `seconds` after `since`, rounded up; 0 once passed."""
    return max(0, math.ceil((since - now).total_seconds() + seconds))


def _duration(seconds: int) -> str:
    """'12 minutes', '1 minute', '8 seconds': how long to wait, in words."""
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    seconds = max(1, seconds)
    return f"{seconds} second{'s' if seconds != 1 else ''}"
