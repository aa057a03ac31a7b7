"""Invitation links: shown once, stored as a hash, single use, expiring, re-issued, then logged in."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.web.conftest import csrf_from
from web import create_app
from web.db import session_scope
from web.models import AuditEvent, Invitation, User, utcnow
from web.store import invitations

CHOSEN = "violet-canyon-ferry-7"


def _invite(client, email: str = "new@example.com", role: str = "interviewer"):
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    return client.post("/admin/users", data={"email": email, "role": role, "csrf_token": token})


def _link(html: str) -> str:
    match = re.search(r'id="invitation-link">(http://localhost/invitation/[^<]+)<', html)
    assert match, "no invitation link on the page"
    return match.group(1).removeprefix("http://localhost")


def _accept(client, path: str, password: str = CHOSEN, confirm: str | None = None):
    page = client.get(path)
    form = {"password": password, "confirm": password if confirm is None else confirm}
    return client.post(path, data={**form, "csrf_token": csrf_from(page.get_data(as_text=True))})


@pytest.fixture
def admin(client, make_user, login):
    make_user("admin@example.com", "admin")
    login("admin@example.com")
    return client


def test_an_invited_user_chooses_a_password_and_is_logged_in(app, admin, engine):
    response = _invite(admin)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "it will not be shown again" in html
    path = _link(html)
    token = path.rsplit("/", 1)[1]
    with session_scope(engine) as session:
        stored = session.exec(select(Invitation)).one()
        user = session.get(User, stored.user_id)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash and user.role == "interviewer"
    assert "invited, link valid until" in admin.get("/admin/users").get_data(as_text=True)
    assert token not in admin.get("/admin/users").get_data(as_text=True)  # shown once only

    invitee = app.test_client()
    page = invitee.get(path).get_data(as_text=True)
    assert "new@example.com" in page
    mismatch = _accept(invitee, path, confirm=CHOSEN + "!")
    assert mismatch.status_code == 422 and "do not match" in mismatch.get_data(as_text=True)
    weak = _accept(invitee, path, password="new@example.com-1")
    assert weak.status_code == 422 and "email" in weak.get_data(as_text=True)
    accepted = _accept(invitee, path)
    assert accepted.status_code == 302
    assert invitee.get("/scorecards").status_code == 200  # logged in
    with session_scope(engine) as session:
        actions = set(session.exec(select(AuditEvent.action)))
    assert {"user.invite", "user.invitation_accept"} <= actions

    again = app.test_client().get(path)  # single use
    assert again.status_code == 410
    assert "Ask your administrator for a new link" in again.get_data(as_text=True)
    late = app.test_client()
    token = csrf_from(late.get("/login").get_data(as_text=True))
    form = {"password": "another-long-phrase", "confirm": "another-long-phrase"}
    assert late.post(path, data={**form, "csrf_token": token}).status_code == 410


def test_an_invited_user_cannot_log_in_before_accepting(admin, login, client):
    _invite(admin)
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/profile").get_data(as_text=True))}
    )
    for password in ("", "!invited", "correct-horse-battery"):
        assert login("new@example.com", password).status_code in {400, 401}


def test_links_expire(app, admin, monkeypatch):
    path = _link(_invite(admin).get_data(as_text=True))
    later = utcnow() + timedelta(hours=72, minutes=1)
    monkeypatch.setattr(invitations, "utcnow", lambda: later)
    expired = app.test_client().get(path)
    assert expired.status_code == 410
    assert "has expired or has already been used" in expired.get_data(as_text=True)


def test_the_expiry_is_a_setting(database_url, tmp_path, monkeypatch, make_user):
    monkeypatch.setenv("INVITATION_HOURS", "2")
    app = create_app(
        {"instance_path": tmp_path / "i2", "database_url": database_url, "testing": True}
    )
    try:
        assert app.extensions["scorecard"]["settings"].invitation_hours == 2
        with app.app_context(), session_scope(app.extensions["scorecard"]["engine"]) as session:
            from web.store import create_user

            user = create_user(session, email="x@example.com", password=None, role="recruiter")
            _, row = invitations.issue_invitation(session, user=user, created_by=None, hours=2)
            assert row.expires_at - row.created_at == timedelta(hours=2)
    finally:
        app.extensions["scorecard"]["engine"].dispose()


def test_a_new_link_replaces_the_old_one(app, admin, engine):
    first = _link(_invite(admin).get_data(as_text=True))
    with session_scope(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == "new@example.com")).one()
    token = csrf_from(admin.get("/admin/users").get_data(as_text=True))
    response = admin.post(f"/admin/users/{user_id}/invitation", data={"csrf_token": token})
    second = _link(response.get_data(as_text=True))
    assert second != first
    assert app.test_client().get(first).status_code == 410
    assert _accept(app.test_client(), second).status_code == 302
    # Once a password is chosen there is nothing to re-issue: the admin resets instead.
    refused = admin.post(f"/admin/users/{user_id}/invitation", data={"csrf_token": token})
    assert refused.status_code == 302
    assert "reset it instead" in admin.get("/admin/users").get_data(as_text=True)


def test_unknown_and_odd_tokens_get_the_expired_page(client):
    for path in ("/invitation/nothing", "/invitation/" + "a" * 300):
        response = client.get(path)
        assert response.status_code == 410


def test_two_racing_accepts_use_the_link_once(admin, engine):
    path = _link(_invite(admin).get_data(as_text=True))
    token = path.rsplit("/", 1)[1]
    with session_scope(engine) as session:
        invitations.accept_invitation(session, token=token, password=CHOSEN)
    with session_scope(engine) as session, pytest.raises(invitations.StoreError):
        invitations.accept_invitation(session, token=token, password="another-long-phrase")
