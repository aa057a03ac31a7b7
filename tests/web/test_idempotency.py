"""Sending the same generation twice (a double click, a client's retry) queues one job, not two."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select

from tests.conftest import SAMPLE_DIR
from tests.web.conftest import csrf_from
from web.models import GenerationJob, JobDescription
from web.store import jobs

NURSE = (SAMPLE_DIR / "registered_nurse.txt").read_text()
ENGINEER = (SAMPLE_DIR / "senior_data_engineer.md").read_text()


def job_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(GenerationJob)).one()


def form_tokens(html: str) -> tuple[str, str]:
    match = re.search(r'name="request_token" value="([^"]+)"', html)
    assert match, "no request token in the form"
    return csrf_from(html), match.group(1)


def post_form(client, csrf: str, request_token: str, text: str = NURSE):
    data = {"job_description": text, "csrf_token": csrf, "request_token": request_token}
    return client.post("/scorecards/new", data=data)


def test_each_form_gets_its_own_token(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    first = form_tokens(client.get("/scorecards/new").get_data(as_text=True))[1]
    second = form_tokens(client.get("/scorecards/new").get_data(as_text=True))[1]
    assert first != second and len(first) >= 32


def test_the_same_form_sent_three_times_makes_one_job(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    csrf, token = form_tokens(client.get("/scorecards/new").get_data(as_text=True))
    answers = [post_form(client, csrf, token) for _ in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert len({a.headers["Location"] for a in answers}) == 1
    assert job_count(engine) == 1
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(JobDescription)).one() == 1


def test_a_form_sent_again_with_other_text_asks_before_starting_another(
    client, make_user, login, engine
):
    make_user("r@example.com")
    login("r@example.com")
    csrf, token = form_tokens(client.get("/scorecards/new").get_data(as_text=True))
    assert post_form(client, csrf, token).status_code == 302
    refused = post_form(client, csrf, token, text=ENGINEER)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "already sent with different content" in html
    assert "Senior Data Engineer" in html  # what was typed is kept
    fresh = form_tokens(html)[1]
    assert fresh != token and job_count(engine) == 1
    assert post_form(client, csrf, fresh, text=ENGINEER).status_code == 302
    assert job_count(engine) == 2


def test_a_form_without_a_token_still_works(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    csrf = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
    for _ in range(2):
        data = {"job_description": NURSE, "csrf_token": csrf}
        assert client.post("/scorecards/new", data=data).status_code == 302
    assert job_count(engine) == 2


def auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    return {**headers, "Idempotency-Key": key} if key else headers


def test_api_retry_with_the_same_key_returns_the_first_job(client, api_token, engine):
    token = api_token("r@example.com")
    body = {"job_description": ENGINEER, "competencies": 6}
    first = client.post("/api/scorecards", json=body, headers=auth(token, "retry-1"))
    again = client.post("/api/scorecards", json=body, headers=auth(token, "retry-1"))
    assert first.status_code == again.status_code == 202
    assert again.get_json()["job_id"] == first.get_json()["job_id"]
    assert job_count(engine) == 1

    other = client.post("/api/scorecards", json=body, headers=auth(token, "retry-2"))
    assert other.status_code == 202 and other.get_json()["job_id"] != first.get_json()["job_id"]
    assert job_count(engine) == 2


def test_api_keys_belong_to_their_user(client, api_token, engine):
    mine, theirs = api_token("a@example.com"), api_token("b@example.com")
    body = {"job_description": ENGINEER}
    one = client.post("/api/scorecards", json=body, headers=auth(mine, "shared-key"))
    two = client.post("/api/scorecards", json=body, headers=auth(theirs, "shared-key"))
    assert one.status_code == two.status_code == 202
    assert one.get_json()["job_id"] != two.get_json()["job_id"]
    assert job_count(engine) == 2


def test_api_key_reused_for_a_different_body_is_refused(client, api_token, engine):
    token = api_token("r@example.com")
    key = auth(token, "k-1")
    assert client.post("/api/scorecards", json={"job_description": ENGINEER}, headers=key)
    changed = client.post(
        "/api/scorecards", json={"job_description": ENGINEER, "competencies": 6}, headers=key
    )
    assert changed.status_code == 422
    assert changed.get_json()["field"] == "idempotency_key"
    assert "already used for a different request" in changed.get_json()["error"]
    assert job_count(engine) == 1


def test_api_refuses_a_malformed_key(client, api_token, engine):
    token = api_token("r@example.com")
    for bad in ("x" * 65, "spaces are not allowed"):
        answer = client.post(
            "/api/scorecards", json={"job_description": ENGINEER}, headers=auth(token, bad)
        )
        assert answer.status_code == 422 and answer.get_json()["field"] == "Idempotency-Key"
    assert job_count(engine) == 0


def test_a_concurrent_repeat_is_settled_by_the_unique_constraint(
    client, api_token, engine, monkeypatch
):
    token = api_token("r@example.com")
    body = {"job_description": ENGINEER}
    first = client.post("/api/scorecards", json=body, headers=auth(token, "race"))
    # The second request looks before the first has committed, so it finds nothing and inserts.
    monkeypatch.setattr(jobs, "_job_for_key", _misses_once(jobs._job_for_key))
    second = client.post("/api/scorecards", json=body, headers=auth(token, "race"))
    assert second.status_code == 202
    assert second.get_json()["job_id"] == first.get_json()["job_id"]
    assert job_count(engine) == 1
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(JobDescription)).one() == 1


def _misses_once(look_up):
    calls = []

    def look(*args):
        calls.append(args)
        return None if len(calls) == 1 else look_up(*args)

    return look


def test_openapi_documents_the_idempotency_key(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/scorecards"]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and "422" in operation["responses"]
