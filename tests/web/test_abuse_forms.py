"""Browser forms and the login: unsafe text, long file names and emails are a 4xx page, not a 500."""

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from tests.web.conftest import PASSWORD, csrf_from
from tests.web.scoring_setup import NURSE, count
from web.db import session_scope
from web.models import GenerationJob, JobDescription

TOKEN = "r@example.com"


def _new_page(client, login) -> str:
    login(TOKEN)
    return csrf_from(client.get("/scorecards/new").get_data(as_text=True))


def test_forms_refuse_unsafe_text_and_long_file_names(client, make_user, login, engine):
    make_user(TOKEN)
    csrf = _new_page(client, login)
    long_name = client.post(
        "/scorecards/new",
        data={"csrf_token": csrf, "file": (io.BytesIO(NURSE.encode()), "n" * 300 + ".txt")},
        content_type="multipart/form-data",
    )
    assert long_name.status_code == 422 and "The field is file." in long_name.get_data(as_text=True)
    nul = client.post(
        "/scorecards/new", data={"csrf_token": csrf, "job_description": NURSE + "\x00"}
    )
    assert nul.status_code == 422 and "Remove the NUL" in nul.get_data(as_text=True)
    assert "The field is job_description." in nul.get_data(as_text=True)
    assert count(engine, JobDescription) == 0 and count(engine, GenerationJob) == 0


def test_invalid_utf8_in_a_form_never_reaches_the_database_as_a_surrogate(
    client, make_user, login, engine
):
    make_user(TOKEN)
    csrf = _new_page(client, login)
    body = (
        (
            f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
            '--B\r\nContent-Disposition: form-data; name="job_description"\r\n\r\n'
        ).encode()
        + NURSE.encode()
        + b"\xed\xa0\x80\r\n--B--\r\n"
    )
    response = client.post(
        "/scorecards/new", data=body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code in (302, 422)
    with session_scope(engine) as session:
        for text in session.exec(select(JobDescription.text)):
            text.encode("utf-8")  # a lone surrogate would not encode


@pytest.mark.parametrize("where", ["/login", "/api/tokens"])
def test_an_email_longer_than_any_account_is_refused_not_500(client, make_user, where):
    make_user(TOKEN)
    email = "a" * 400 + "@example.com"
    if where == "/login":
        csrf = csrf_from(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", data={"email": email, "password": "x" * 12, "csrf_token": csrf}
        )
    else:
        response = client.post("/api/tokens", json={"email": email, "password": "x" * 12})
    assert 400 <= response.status_code < 500


def test_nul_in_the_login_form_is_refused(client, make_user):
    make_user(TOKEN)
    csrf = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": TOKEN + "\x00", "password": PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 422 and "Remove the NUL" in response.get_data(as_text=True)
    assert "The field is email." in response.get_data(as_text=True)
