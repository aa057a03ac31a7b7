"""The users page: least-privileged default role, disabling with a confirmation, the last admin, filters."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PASSWORD, csrf_from
from web.db import session_scope
from web.models import User
from web.store import StoreError, accounts


@pytest.fixture
def admin(client, make_user, login):
    user = make_user("admin@example.com", "admin")
    login("admin@example.com")
    return user


def test_the_new_user_form_defaults_to_the_interviewer_role(client, admin):
    html = client.get("/admin/users").get_data(as_text=True)
    form = html.split('id="create-user"')[1].split("</form>")[0]
    selected = re.findall(r'<option value="(\w+)" selected>', form)
    assert selected == ["interviewer"]


def test_a_typed_password_can_require_a_change_at_first_login(client, admin, login, engine):
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    form = {"email": "hm@example.com", "password": PASSWORD, "role": "hiring_manager"}
    response = client.post("/admin/users", data={**form, "must_change": "1", "csrf_token": token})
    assert response.status_code == 302
    with session_scope(engine) as session:
        assert session.get(User, 2).must_change_password is True
    client.post("/logout", data={"csrf_token": token})
    assert login("hm@example.com").headers["Location"].endswith("/password/new")


def test_disabling_asks_for_confirmation_first(client, admin, make_user, engine):
    user = make_user("i@example.com", "interviewer")
    users_page = client.get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{user.id}/disable"' in users_page  # a link: nothing happens yet
    with session_scope(engine) as session:
        assert session.get(User, user.id).active
    confirm = client.get(f"/admin/users/{user.id}/disable").get_data(as_text=True)
    assert "Disable i@example.com?" in confirm and "Cancel" in confirm
    token = csrf_from(confirm)
    action = re.search(r'<form method="post" action="([^"]+)"', confirm.split("</header>")[1])
    assert action and action.group(1) == f"/admin/users/{user.id}"
    client.post(action.group(1), data={"action": "disable", "csrf_token": token})
    with session_scope(engine) as session:
        assert not session.get(User, user.id).active


def test_an_admin_cannot_disable_themselves(client, admin, engine):
    assert client.get(f"/admin/users/{admin.id}/disable").status_code == 404
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    client.post(f"/admin/users/{admin.id}", data={"action": "disable", "csrf_token": token})
    assert "You cannot change your own role" in client.get("/admin/users").get_data(as_text=True)
    with session_scope(engine) as session:
        assert session.get(User, admin.id).active


def test_the_last_active_admin_stays(engine, make_user):
    first = make_user("a1@example.com", "admin")
    second = make_user("a2@example.com", "admin")
    with session_scope(engine) as session:
        accounts.update_user(session, user_id=second.id, active=False)
    for change in ({"active": False}, {"role": "recruiter"}):
        with session_scope(engine) as session, pytest.raises(StoreError, match="at least one"):
            accounts.update_user(session, user_id=first.id, **change)
    with session_scope(engine) as session:
        assert session.get(User, first.id).active and session.get(User, first.id).role == "admin"
        accounts.update_user(session, user_id=second.id, active=True)  # two again: fine
    with session_scope(engine) as session:
        accounts.update_user(session, user_id=first.id, role="recruiter")


def test_the_filter_finds_users_by_email_and_role(client, admin, make_user):
    make_user("ann@example.com", "interviewer")
    make_user("bob@example.com", "recruiter")
    make_user("a_b%@example.com", "recruiter")
    by_email = client.get("/admin/users?q=ANN").get_data(as_text=True)
    assert "ann@example.com" in by_email and "bob@example.com" not in by_email
    by_role = client.get("/admin/users?only_role=recruiter").get_data(as_text=True)
    assert "bob@example.com" in by_role and "ann@example.com" not in by_role
    literal = client.get("/admin/users?q=_b%25").get_data(as_text=True)  # no LIKE wildcards
    assert "a_b%@example.com" in literal and "bob@example.com" not in literal
    nothing = client.get("/admin/users?q=zzz").get_data(as_text=True)
    assert "No user matches" in nothing
