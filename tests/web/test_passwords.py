"""New passwords follow one set of rules wherever accounts are made; odd emails are refused, never a 500."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.web.conftest import PASSWORD, csrf_from
from web import store
from web.auth.passwords import password_problem
from web.db import session_scope

EMAIL = "jane.doe@example.com"

REFUSED = {
    "aaaaaaaaaa": "at least 4 different characters",
    "ababababab": "at least 4 different characters",
    "password12": "too common",
    "Password2024!": "too common",
    "P@ssw0rd123": "too common",
    "qwertyuiop": "too common",
    "1234567890": "too common",
    "0987654321": "too common",
    "1q2w3e4r5t6y": "too common",
    "iloveyou2024": "too common",
    "monkeymonkey": "too common",
    "abcdabcdabcd": "too common",
    "Michael1985!": "too common",
    "letmein-letmein": "too common",
    "scorecard2026": "too common",
    "jane.doe@example.com": "does not contain the email",
    "JANE.DOE@example.com!!": "does not contain the email",
    "my-jane.doe-secret": "does not contain the email",
    "short": "at least 10 characters",
    "x7#" * 43 + "q": "at most 128 characters",
    "tab\tseparated-words": "without control characters",
}

ACCEPTED = [
    PASSWORD,
    "benchmark-password",
    "violet staple mango river",
    "Tr0ub4dor&3-plus",
    "Ünïcödé-Pässwörd-42",
    "x7#" * 42 + "qq",  # 128 characters
]


@pytest.mark.parametrize(("password", "reason"), list(REFUSED.items()))
def test_weak_passwords_are_refused_with_what_to_do(password, reason):
    problem = password_problem(password, email=EMAIL)
    assert problem is not None and reason in problem
    assert problem.endswith(".") and problem[0].isupper()


@pytest.mark.parametrize("password", ACCEPTED)
def test_reasonable_passwords_pass(password):
    assert password_problem(password, email=EMAIL) is None


def test_the_store_applies_the_rules_for_every_caller(engine):
    for password in ("aaaaaaaaaa", "password12", EMAIL):
        with session_scope(engine) as session, pytest.raises(store.StoreError):
            store.create_user(session, email=EMAIL, password=password, role="recruiter")
    with session_scope(engine) as session:
        assert store.count_users(session) == 0


@pytest.mark.parametrize(
    "email",
    [
        "a" * 250 + "@example.com",
        "nul\x00@example.com",
        "tab\t@example.com",
        "x@" + "e" * 300 + ".com",
    ],
)
def test_the_store_refuses_impossible_emails(engine, email):
    with session_scope(engine) as session:
        with pytest.raises(store.StoreError, match="valid email address"):
            store.create_user(session, email=email, password=PASSWORD, role="recruiter")
        assert store.authenticate(session, email=email, password=PASSWORD) is None


def test_setup_refuses_a_common_password(client):
    token = csrf_from(client.get("/setup").get_data(as_text=True))
    response = client.post(
        "/setup",
        data={
            "email": "admin@example.com",
            "password": "password12",
            "confirm": "password12",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422 and "too common" in response.get_data(as_text=True)


@pytest.mark.parametrize("email", ["a" * 400 + "@example.com", "nul\x00@example.com"])
def test_odd_emails_in_forms_are_form_errors(client, make_user, login, email):
    token = csrf_from(client.get("/setup").get_data(as_text=True))
    form = {"email": email, "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
    assert client.post("/setup", data=form).status_code in {400, 422}
    make_user("admin@example.com", "admin")
    assert login(email).status_code in {400, 401, 422}
    login("admin@example.com")
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    form = {"email": email, "password": PASSWORD, "role": "recruiter", "csrf_token": token}
    assert client.post("/admin/users", data=form).status_code in {400, 422}


def test_admin_cannot_give_a_new_user_their_email_as_password(client, make_user, login):
    make_user("admin@example.com", "admin")
    login("admin@example.com")
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    response = client.post(
        "/admin/users",
        data={
            "email": "hm@example.com",
            "password": "hm@example.com-2026",
            "role": "hiring_manager",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert "does not contain the email" in response.get_data(as_text=True)


def test_the_cli_refuses_a_common_password(tmp_path, monkeypatch):
    from web.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(
        main,
        ["users", "add", "hm@example.com", "--role", "hiring_manager", "--password-stdin"],
        input="qwertyuiop\n",
    )
    assert result.exit_code == 2 and "too common" in result.output


def test_a_short_name_part_inside_another_word_is_fine():
    assert password_problem(PASSWORD, email="rec@example.com") is None  # "cor-rec-t"
    assert "does not contain" in password_problem("rec@example.com-2026", email="rec@example.com")
