"""Sessions end when they should: logout (everywhere), disabling, idleness, age; and login goes home safely."""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie

from tests.web.conftest import PASSWORD, csrf_from
from web.auth import sessions
from web.auth.redirects import same_site_path
from web.db import session_scope
from web.store import accounts


class Clock:
    """The session clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, **hours_or_minutes: float) -> None:
        self.now += (
            hours_or_minutes.get("hours", 0) * 3600 + hours_or_minutes.get("minutes", 0) * 60
        )


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(sessions, "clock", fake)
    return fake


def _logout(client) -> None:
    token = csrf_from(client.get("/scorecards").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_cookie_copied_before_logout_is_dead_after_it(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    copied = client.get_cookie("session").value
    _logout(client)
    client.set_cookie("session", copied)
    assert _sent_to_login(client.get("/scorecards"))


def test_logout_ends_the_users_other_sessions(app, client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    laptop = app.test_client()
    token = csrf_from(laptop.get("/login").get_data(as_text=True))
    laptop.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert laptop.get("/scorecards").status_code == 200
    _logout(client)
    assert _sent_to_login(laptop.get("/scorecards"))


def test_disabling_ends_sessions_for_good_even_if_enabled_again(client, engine, make_user, login):
    user = make_user("r@example.com")
    login("r@example.com")
    assert client.get("/scorecards").status_code == 200
    with session_scope(engine) as session:
        accounts.update_user(session, user_id=user.id, active=False)
    with session_scope(engine) as session:
        accounts.update_user(session, user_id=user.id, active=True)
    assert _sent_to_login(client.get("/scorecards"))
    assert login("r@example.com").status_code == 302  # a new login works again
    assert client.get("/scorecards").status_code == 200


def test_an_admin_disabling_a_user_ends_their_session(app, client, make_user, login):
    make_user("admin@example.com", "admin")
    user = make_user("r@example.com")
    theirs = app.test_client()
    token = csrf_from(theirs.get("/login").get_data(as_text=True))
    theirs.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    login("admin@example.com")
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    client.post(f"/admin/users/{user.id}", data={"action": "disable", "csrf_token": token})
    client.post(f"/admin/users/{user.id}", data={"action": "enable", "csrf_token": token})
    assert _sent_to_login(theirs.get("/scorecards"))


def test_sessions_end_after_the_idle_time(client, make_user, login, clock):
    make_user("r@example.com")
    login("r@example.com")
    clock.advance(minutes=470)
    assert client.get("/scorecards").status_code == 200  # activity keeps it alive
    clock.advance(minutes=470)
    assert client.get("/scorecards").status_code == 200
    clock.advance(minutes=481)
    assert _sent_to_login(client.get("/scorecards"))


def test_sessions_end_at_their_maximum_age_however_active(app, client, make_user, login, clock):
    make_user("r@example.com")
    login("r@example.com")
    for _ in range(23):  # every 7 hours for 161 hours
        clock.advance(hours=7)
        assert client.get("/scorecards").status_code == 200
    clock.advance(hours=7.5)  # 168.5 hours: past the week
    assert _sent_to_login(client.get("/scorecards"))


def test_a_remember_me_cookie_does_not_log_anyone_in(app, client, make_user):
    user = make_user("r@example.com")
    with app.test_request_context():
        cookie = encode_cookie(str(user.id))  # what Flask-Login would have issued
    client.set_cookie("remember_token", cookie)
    assert _sent_to_login(client.get("/scorecards"))


EVIL_NEXT = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/\u3000/evil.example",
    "/\x00",
    "\x00//evil.example",
    "https://evil.example",
    "https:/evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JavaScript://%0aalert(1)",
    "data:text/html,hi",
    "evil.example",
    "scorecards",
]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_only_paths_on_this_site_are_followed(target):
    assert same_site_path(target) is None


@pytest.mark.parametrize("target", ["/scorecards", "/scorecards/3?tab=review", "/candidates#x"])
def test_paths_on_this_site_are_kept(target):
    assert same_site_path(target) == target


def test_login_never_sends_anyone_to_another_site(client, make_user):
    make_user("r@example.com")
    for target in EVIL_NEXT:
        token = csrf_from(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login",
            query_string={"next": target},
            data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token},
        )
        # 302 home; or a request guard's 4xx for control characters it refuses outright
        assert response.status_code in {302, 400, 422}, target
        assert response.headers.get("Location", "/") == "/", target
    for raw, location in [
        ("/%09/evil.example", "/"),  # the tab as the issue sent it, percent-encoded
        ("/scorecards%3Fq%3Dnurse", "/scorecards?q=nurse"),
    ]:
        token = csrf_from(client.get("/login").get_data(as_text=True))  # login renews the session
        response = client.post(
            f"/login?next={raw}",
            data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == location
