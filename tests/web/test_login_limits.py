"""Login limits under abuse: spraying, guessing one account, proxies, odd emails, a table that stays small."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from tests.web.conftest import PASSWORD, csrf_from
from web import create_app
from web.db import session_scope
from web.models import LoginFailure
from web.store import accounts

WRONG = "wrong password!"


class Clock:
    """The login store's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(accounts, "utcnow", fake)
    return fake


@pytest.fixture
def hashes(monkeypatch):
    """Counts scrypt password checks: a refused attempt must not pay for one."""
    calls = []
    real = accounts.check_password_hash

    def counting(stored: str, password: str) -> bool:
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return calls


@pytest.fixture
def proxied_app(database_url, tmp_path):
    """The app behind one trusted proxy: X-Forwarded-For names the client."""
    app = create_app(
        {
            "instance_path": tmp_path / "proxied",
            "database_url": database_url,
            "testing": True,
            "trusted_proxies": 1,
        }
    )
    yield app
    app.extensions["scorecard"]["engine"].dispose()


def _token(client, email: str, password: str, address: str = "127.0.0.1", **headers):
    return client.post(
        "/api/tokens",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_spraying_from_one_address_is_stopped_before_any_hashing(client, engine, make_user, hashes):
    make_user("owner@example.com")
    for n in range(20):  # a forged X-Forwarded-For changes nothing without TRUSTED_PROXIES
        sprayed = _token(
            client, f"user{n}@example.com", WRONG, **{"X-Forwarded-For": f"10.9.{n}.1"}
        )
        assert sprayed.status_code == 401
    hashes.clear()
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    limited = _token(client, "owner@example.com", PASSWORD)  # even the right password
    assert limited.status_code == 429 and limited.is_json
    assert "from your network" in limited.get_json()["error"]
    assert 840 < int(limited.headers["Retry-After"]) <= 900
    assert hashes == [] and len(statements) == 1  # one indexed query, no scrypt
    assert _token(client, "owner@example.com", PASSWORD, "10.0.0.2").status_code == 201


def test_limited_login_page_shows_the_form_and_when_to_try_again(app, client, make_user, login):
    make_user("r@example.com")
    settings = app.extensions["scorecard"]["settings"]
    app.extensions["scorecard"]["settings"] = settings.model_copy(
        update={"login_address_attempts": 3}
    )
    for n in range(3):
        assert login(f"nobody{n}@example.com", WRONG).status_code == 401
    page = login("r@example.com")
    html = page.get_data(as_text=True)
    assert page.status_code == 429 and page.headers["Retry-After"] == "900"
    assert "Too many failed attempts from your network. Try again in 15 minutes." in html
    assert 'name="password"' in html and 'value="r@example.com"' in html


def test_guessing_one_account_from_many_addresses_is_slowed_not_locked(
    client, make_user, clock, hashes
):
    make_user("owner@example.com")
    for n in range(5):
        assert _token(client, "owner@example.com", WRONG, f"10.1.0.{n}").status_code == 401
    hashes.clear()
    slowed = _token(client, "owner@example.com", WRONG, "10.1.0.99")
    assert slowed.status_code == 429 and slowed.headers["Retry-After"] == "1"
    assert slowed.get_json()["error"] == (
        "Too many failed attempts for this account. Try again in 1 second."
    )
    assert hashes == []
    waits, wait = [], 1
    for n in range(8):  # an attacker who waits each time: the delay doubles up to its cap
        clock.advance(wait)
        assert _token(client, "owner@example.com", WRONG, f"10.2.0.{n}").status_code == 401
        refused = _token(client, "owner@example.com", PASSWORD, f"10.3.0.{n}")
        assert refused.status_code == 429
        wait = int(refused.headers["Retry-After"])
        waits.append(wait)
    assert waits == [2, 4, 8, 16, 30, 30, 30, 30]


def test_behind_a_proxy_the_owner_logs_in_from_elsewhere_within_a_minute(proxied_app, clock):
    with session_scope(proxied_app.extensions["scorecard"]["engine"]) as session:
        accounts.create_user(session, email="owner@example.com", password=PASSWORD, role="admin")
    client = proxied_app.test_client()

    def try_login(client_address: str, password: str):
        return client.post(
            "/api/tokens",
            json={"email": "owner@example.com", "password": password},
            environ_base={"REMOTE_ADDR": "192.0.2.1"},  # every request comes from the proxy
            headers={"X-Forwarded-For": client_address},
        )

    for attacker in ("198.51.100.7", "198.51.100.8", "198.51.100.9"):
        for _ in range(12):  # guess until this address is refused for its window
            answer = try_login(attacker, WRONG)
            if answer.status_code == 401:
                continue
            assert answer.status_code == 429
            if "for this account" not in answer.get_json()["error"]:
                break
            clock.advance(int(answer.headers["Retry-After"]))
    waited = 0
    for _ in range(3):
        owner = try_login("203.0.113.9", PASSWORD)
        if owner.status_code != 429:
            break
        waited += int(owner.headers["Retry-After"])
        clock.advance(int(owner.headers["Retry-After"]))
    assert owner.status_code == 201 and waited <= 30
    locked = try_login("198.51.100.7", PASSWORD)  # the attacker's address keeps its window
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 60


def test_a_trusted_proxy_passes_on_the_client_and_the_scheme(proxied_app):
    client = proxied_app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    page = client.get("/login", environ_base={"REMOTE_ADDR": "192.0.2.1"}, headers=headers)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("email", ["a" * 390 + "@example.com", "nul\x00@example.com"])
def test_odd_emails_fail_like_any_other_login(client, make_user, email):
    make_user("owner@example.com")
    for _ in range(5):
        answer = _token(client, email, WRONG)
        assert answer.status_code in {400, 401, 422}  # a request guard may refuse the NUL first
    assert _token(client, email, WRONG).status_code in {400, 422, 429}


def test_old_failures_are_deleted_when_new_ones_are_recorded(client, engine, make_user, clock):
    make_user("owner@example.com")
    for n in range(30):
        _token(client, f"user{n}@example.com", WRONG, f"10.4.0.{n}")
    clock.advance(3600)
    _token(client, "late@example.com", WRONG, "10.5.0.1")
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(LoginFailure)).scalar() == 3


def test_store_keys_of_any_length_fit_the_column(engine):
    with session_scope(engine) as session:
        key = "pair:10.0.0.1|" + "x" * 400 + "\x00@example.com"
        accounts.record_failures(session, keys=[key], keep_seconds=900)
    with session_scope(engine) as session:
        tally = accounts.failure_tallies(session, keys=[key], window_seconds=900)[key]
        assert tally.failures == 1
        assert (
            accounts.authenticate(session, email="x" * 300 + "@example.com", password="x") is None
        )
        assert accounts.authenticate(session, email="a\x00@example.com", password="x") is None


def test_login_form_with_a_long_email_is_a_401(client, make_user, login):
    make_user("owner@example.com")
    page = login("a" * 390 + "@example.com", WRONG)
    assert page.status_code == 401
    assert csrf_from(page.get_data(as_text=True))
