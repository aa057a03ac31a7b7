"""Own password changes and admin resets: rules, sessions ended, the must-change gate, audit."""

from __future__ import annotations

from sqlmodel import select

from tests.web.conftest import PASSWORD, csrf_from
from web.db import session_scope
from web.models import AuditEvent, User

NEW = "plum-harbour-lantern-42"


def _change(client, current: str, new: str = NEW, confirm: str | None = None):
    token = csrf_from(client.get("/profile").get_data(as_text=True))
    form = {
        "current_password": current,
        "new_password": new,
        "confirm": new if confirm is None else confirm,
        "csrf_token": token,
    }
    return client.post("/profile/password", data=form)


def _actions(engine) -> list[str]:
    with session_scope(engine) as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


def test_a_user_changes_their_password_and_other_sessions_end(
    app, client, make_user, login, engine
):
    make_user("r@example.com")
    elsewhere = app.test_client()
    token = csrf_from(elsewhere.get("/login").get_data(as_text=True))
    elsewhere.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert elsewhere.get("/scorecards").status_code == 200
    login("r@example.com")

    response = _change(client, PASSWORD)

    assert response.status_code == 302 and response.headers["Location"].endswith("/profile")
    assert "Your password is changed" in client.get("/profile").get_data(as_text=True)
    assert client.get("/scorecards").status_code == 200  # this browser stays logged in
    assert elsewhere.get("/scorecards").status_code == 302  # the other session has ended
    assert "user.password_change" in _actions(engine)
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/profile").get_data(as_text=True))}
    )
    assert login("r@example.com").status_code == 401
    assert login("r@example.com", NEW).status_code == 302


def test_a_wrong_current_password_is_refused_and_counts_as_a_failed_login(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    for _ in range(5):
        response = _change(client, "not my password")
        assert response.status_code == 422
        assert "Your current password is not right" in response.get_data(as_text=True)
    limited = _change(client, PASSWORD)  # even the right one, now the limit applies
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert "Too many failed attempts" in limited.get_data(as_text=True)
    assert 'name="current_password"' in limited.get_data(as_text=True)  # the form, not a bare page


def test_the_new_password_follows_the_rules_and_must_be_confirmed(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    mismatch = _change(client, PASSWORD, confirm=NEW + "x")
    assert mismatch.status_code == 422 and "do not match" in mismatch.get_data(as_text=True)
    short = _change(client, PASSWORD, new="short-pw")
    assert short.status_code == 422 and "at least 10" in short.get_data(as_text=True)
    common = _change(client, PASSWORD, new="password123")
    assert common.status_code == 422 and "too common" in common.get_data(as_text=True)
    same = _change(client, PASSWORD, new=PASSWORD)
    assert same.status_code == 422 and "different from the one" in same.get_data(as_text=True)
    assert login("r@example.com").status_code == 302  # the old password still works


def test_the_password_change_needs_the_csrf_token(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    form = {"current_password": PASSWORD, "new_password": NEW, "confirm": NEW}
    assert client.post("/profile/password", data=form).status_code == 400


def _reset(client, user_id: int, **form):
    token = csrf_from(client.get(f"/admin/users/{user_id}/password").get_data(as_text=True))
    return client.post(f"/admin/users/{user_id}/password", data={**form, "csrf_token": token})


def test_after_a_reset_the_user_must_choose_a_new_password_first(
    app, client, make_user, login, engine
):
    make_user("admin@example.com", "admin")
    user = make_user("r@example.com")
    theirs = app.test_client()
    token = csrf_from(theirs.get("/login").get_data(as_text=True))
    theirs.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    api = theirs.post("/api/tokens", json={"email": "r@example.com", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {api.get_json()['token']}"}
    login("admin@example.com")

    assert _reset(client, user.id, mode="next_login").status_code == 302

    assert theirs.get("/scorecards").status_code == 302  # their session ended
    assert theirs.get("/api/scorecards", headers=bearer).status_code == 200  # tokens unaffected
    token = csrf_from(theirs.get("/login").get_data(as_text=True))
    logged_in = theirs.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert logged_in.headers["Location"].endswith("/password/new")
    for path in ("/scorecards", "/profile", "/candidates"):
        blocked = theirs.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/password/new")
    page = theirs.get("/password/new").get_data(as_text=True)
    assert "An administrator reset your password" in page
    same = theirs.post(
        "/password/new",
        data={"new_password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf_from(page)},
    )
    assert same.status_code == 422
    chosen = theirs.post(
        "/password/new", data={"new_password": NEW, "confirm": NEW, "csrf_token": csrf_from(page)}
    )
    assert chosen.status_code == 302
    assert theirs.get("/scorecards").status_code == 200
    with session_scope(engine) as session:
        assert session.get(User, user.id).must_change_password is False
    assert {"user.password_reset", "user.password_chosen_after_reset"} <= set(_actions(engine))


def test_a_reset_with_a_temporary_password(client, make_user, login, engine):
    make_user("admin@example.com", "admin")
    user = make_user("r@example.com")
    login("admin@example.com")
    weak = _reset(client, user.id, mode="temporary", temporary="short")
    assert weak.status_code == 422 and "at least 10" in weak.get_data(as_text=True)
    missing = _reset(client, user.id, mode="temporary", temporary="")
    assert missing.status_code == 422 and "Type the temporary password" in missing.get_data(
        as_text=True
    )
    assert (
        _reset(client, user.id, mode="temporary", temporary="temporary-otter-gate").status_code
        == 302
    )
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/admin/users").get_data(as_text=True))}
    )
    assert login("r@example.com").status_code == 401  # the old password is gone
    response = login("r@example.com", "temporary-otter-gate")
    assert response.headers["Location"].endswith("/password/new")
    with session_scope(engine) as session:
        detail = session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == "user.password_reset")
        ).first()
    assert detail == "temporary password"


def test_only_admins_reset_and_not_their_own(client, make_user, login):
    admin = make_user("admin@example.com", "admin")
    user = make_user("r@example.com")
    login("r@example.com")
    assert client.get(f"/admin/users/{admin.id}/password").status_code == 403
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/profile").get_data(as_text=True))}
    )
    login("admin@example.com")
    assert client.get(f"/admin/users/{admin.id}/password").status_code == 404
    assert client.get(f"/admin/users/{user.id}/password").status_code == 200
