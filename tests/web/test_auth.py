"""Accounts: first-run setup, login, roles, disabling, rate limits, CSRF and tokens."""

from __future__ import annotations

from tests.web.conftest import PASSWORD, csrf_from
from web import store
from web.db import session_scope


def test_first_visitor_creates_the_admin_only_once(client):
    assert client.get("/").headers["Location"].endswith("/setup")
    page = client.get("/setup")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/setup",
        data={
            "email": "Admin@Example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert client.get("/scorecards").status_code == 200  # logged in as the new admin
    assert client.get("/setup").status_code == 404  # never again once a user exists


def test_setup_rejects_weak_password_and_keeps_email(client):
    token = csrf_from(client.get("/setup").get_data(as_text=True))
    response = client.post(
        "/setup",
        data={
            "email": "a@example.com",
            "password": "short",
            "confirm": "short",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "at least 10 characters" in html and 'value="a@example.com"' in html


def test_forms_require_csrf(client, make_user):
    make_user("r@example.com")
    response = client.post("/login", data={"email": "r@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)


def test_login_logout(client, make_user, login):
    make_user("r@example.com")
    assert login("r@example.com", "wrong password!").status_code == 401
    assert login("r@example.com").status_code == 302
    assert client.get("/scorecards").status_code == 200
    token = csrf_from(client.get("/scorecards").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/scorecards").status_code == 302


def test_login_is_rate_limited(client, make_user, login):
    make_user("r@example.com")
    for _ in range(5):
        assert login("r@example.com", "wrong password!").status_code == 401
    assert (
        login("r@example.com").status_code == 429
    )  # even the right password, until the window passes


def test_disabling_an_account_ends_its_session(app, client, make_user, login, engine):
    user = make_user("r@example.com")
    login("r@example.com")
    assert client.get("/scorecards").status_code == 200
    with session_scope(engine) as session:
        store.update_user(session, user_id=user.id, active=False)
    assert client.get("/scorecards").status_code == 302
    assert login("r@example.com").status_code == 401


def test_admin_manages_users(client, make_user, login):
    make_user("admin@example.com", "admin")
    other = make_user("i@example.com", "interviewer")
    login("admin@example.com")
    page = client.get("/admin/users")
    token = csrf_from(page.get_data(as_text=True))
    created = client.post(
        "/admin/users",
        data={
            "email": "hm@example.com",
            "password": PASSWORD,
            "role": "hiring_manager",
            "csrf_token": token,
        },
    )
    assert created.status_code == 302
    client.post(f"/admin/users/{other.id}", data={"role": "recruiter", "csrf_token": token})
    client.post(f"/admin/users/{other.id}", data={"action": "disable", "csrf_token": token})
    html = client.get("/admin/users").get_data(as_text=True)
    assert "hm@example.com" in html and "disabled" in html


def test_non_admins_cannot_manage_users(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    assert client.get("/admin/users").status_code == 403


def test_profile_tokens_create_and_revoke(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    token = csrf_from(client.get("/profile").get_data(as_text=True))
    html = client.post(
        "/profile", data={"action": "create", "name": "ATS", "csrf_token": token}
    ).get_data(as_text=True)
    plain = html.split('<code class="token">')[1].split("</code>")[0]
    assert (
        client.get("/api/scorecards", headers={"Authorization": f"Bearer {plain}"}).status_code
        == 200
    )
    token_id = html.split('name="token_id" value="')[1].split('"')[0]
    client.post("/profile", data={"action": "revoke", "token_id": token_id, "csrf_token": token})
    assert (
        client.get("/api/scorecards", headers={"Authorization": f"Bearer {plain}"}).status_code
        == 401
    )


def test_passwords_are_hashed_with_a_slow_kdf(engine, make_user):
    user = make_user("r@example.com")
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_cli_users_add_uses_the_services_database(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from web.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(
        main,
        ["users", "add", "HM@example.com", "--role", "hiring_manager", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    from web import create_app

    app = create_app({"instance_path": tmp_path / "instance"})
    with session_scope(app.extensions["scorecard"]["engine"]) as session:
        user = store.authenticate(session, email="hm@example.com", password=PASSWORD)
        assert user is not None and user.role == "hiring_manager"
    again = CliRunner().invoke(
        main,
        ["users", "add", "hm@example.com", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert again.exit_code == 2 and "already exists" in again.output
