"""Hostile input gets a 4xx naming the field, never a 500, and nothing is stored (both databases)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tests.web.conftest import PASSWORD
from tests.web.scoring_setup import NURSE, approved_panel, auth, count, generate, ratings_for
from web import store
from web.db import session_scope
from web.hardening import MAX_ID, nested_too_deeply
from web.models import ApiToken, Candidate, GenerationJob, JobDescription, ScorecardRecord, User

TOKEN = "r@example.com"


def stored(engine) -> tuple[int, ...]:
    """Rows that abusive requests must not add."""
    return tuple(count(engine, m) for m in (GenerationJob, JobDescription, ApiToken, Candidate))


# (method, path, JSON body or None, status, field)
API_CASES = {
    "nul-in-token-email": (
        "POST",
        "/api/tokens",
        {"email": "a\x00@x.com", "password": "x"},
        422,
        "email",
    ),
    "nul-in-token-name": (
        "POST",
        "/api/tokens",
        {"email": TOKEN, "password": PASSWORD, "name": "laptop\x00"},
        422,
        "name",
    ),
    "nul-in-q": ("GET", "/api/scorecards?q=a%00b", None, 422, "q"),
    "control-in-status": ("GET", "/api/scorecards?status=draft%1b", None, 422, "status"),
    "nul-in-job-id": ("GET", "/api/jobs/a%00b", None, 400, "job_id"),
    "nul-in-regeneration-id": ("GET", "/api/regenerations/a%00b", None, 400, "job_id"),
    "limit-negative": ("GET", "/api/scorecards?limit=-1", None, 422, "limit"),
    "limit-past-cap": ("GET", "/api/scorecards?limit=201", None, 422, "limit"),
    "offset-huge": ("GET", f"/api/scorecards?offset={10**23}", None, 422, "offset"),
    "offset-superscript": ("GET", "/api/scorecards?offset=%C2%B2", None, 422, "offset"),
    "unknown-status": ("GET", "/api/scorecards?status=deleted", None, 422, "status"),
    "surrogate-in-jd": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE + "\ud800"},
        422,
        "job_description",
    ),
    "nul-in-company": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "company": "Acme\x00"},
        422,
        "company",
    ),
    "escape-in-seniority": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "seniority": "senior\x1b[31m"},
        422,
        "seniority",
    ),
    "surrogate-deep-in-body": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "values": ["ok", "\ud800"]},
        422,
        "values[1]",
    ),
    "company-number": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "company": 123},
        422,
        "company",
    ),
    "jd-list": ("POST", "/api/scorecards", {"job_description": ["a"]}, 422, "job_description"),
    "model-list": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "model": ["x"]},
        422,
        "model",
    ),
    "values-numbers": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "values": [1]},
        422,
        "values",
    ),
    "competencies-text": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "competencies": "7"},
        422,
        "competencies",
    ),
    "token-name-number": (
        "POST",
        "/api/tokens",
        {"email": TOKEN, "password": PASSWORD, "name": 123},
        422,
        "name",
    ),
    "token-name-too-long": (
        "POST",
        "/api/tokens",
        {"email": TOKEN, "password": PASSWORD, "name": "n" * 81},
        422,
        "name",
    ),
    "company-page-break": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "company": "Acme\x0cHealth"},
        422,
        "company",
    ),
    "competencies-bool": (
        "POST",
        "/api/scorecards",
        {"job_description": NURSE, "competencies": True},
        422,
        "competencies",
    ),
}


@pytest.mark.parametrize("case", list(API_CASES))
def test_api_refuses_abusive_input_naming_the_field(client, engine, make_user, case):
    method, path, body, status, field = API_CASES[case]
    make_user(TOKEN)
    token = client.post("/api/tokens", json={"email": TOKEN, "password": PASSWORD}).get_json()
    before = stored(engine)
    response = client.open(
        path,
        method=method,
        data=None if body is None else json.dumps(body),  # a lone surrogate as the escape \ud800
        content_type="application/json",
        headers=auth(token["token"]) if "tokens" not in path else {},
    )
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()
    assert error["field"] == field and error["error"].startswith(f"{field}: "), error
    assert stored(engine) == before


@pytest.mark.parametrize("path", ["/api/scorecards/1", "/api/jobs/x", "/api/tokens"])
def test_unsafe_characters_are_refused_before_login(client, path):
    response = client.get(path + "?format=%00")
    assert response.status_code == 422 and response.get_json()["field"] == "format"


def test_json_nested_too_deeply_is_400(client, api_token):
    token = api_token(TOKEN)
    deep = client.post(
        "/api/scorecards",
        data="[" * 50_000 + "]" * 50_000,
        content_type="application/json",
        headers=auth(token),
    )
    assert deep.status_code == 400 and "nested too deeply" in deep.get_json()["error"]
    # 64 levels are parsed (and refused for what they are); 65 are not.
    at_limit = {"job_description": json.loads("[" * 63 + "]" * 63)}
    answer = client.post("/api/scorecards", json=at_limit, headers=auth(token))
    assert answer.status_code == 422 and answer.get_json()["field"] == "job_description"
    past = client.post(
        "/api/scorecards",
        json={"job_description": json.loads("[" * 64 + "]" * 64)},
        headers=auth(token),
    )
    assert past.status_code == 400 and past.get_json()["field"] == "body"


def test_depth_is_counted_outside_strings():
    assert not nested_too_deeply('{"a": "' + "[" * 100 + '\\"[[["}', 64)
    assert nested_too_deeply("[" * 65 + "]" * 65, 64)
    assert not nested_too_deeply("[]" * 10_000, 64)


def test_invalid_json_is_400_naming_the_body(client, api_token):
    token = api_token(TOKEN)
    response = client.post(
        "/api/scorecards",
        data='{"job_description": ',
        content_type="application/json",
        headers=auth(token),
    )
    assert response.status_code == 400 and response.get_json()["field"] == "body"
    assert "valid JSON" in response.get_json()["error"]
    assert count(client.application.extensions["scorecard"]["engine"], GenerationJob) == 0


@pytest.mark.parametrize(
    "path", ["/api/scorecards/2147483648", "/api/scorecards/0", "/api/scorecards/" + "9" * 5000]
)
def test_ids_the_database_cannot_hold_are_404(client, api_token, path):
    token = api_token(TOKEN)
    response = client.get(path, headers=auth(token))
    assert response.status_code == 404 and response.get_json()["status"] == 404
    feedback = client.get(f"/api/candidates/{MAX_ID + 1}/feedback", headers=auth(token))
    assert feedback.status_code == 404


def test_version_numbers_are_bounded(client, api_token):
    token = api_token(TOKEN)
    scorecard_id = generate(client, token)
    diff = client.get(
        f"/api/scorecards/{scorecard_id}/diff?from=1&to={10**23}", headers=auth(token)
    )
    assert diff.status_code == 422 and diff.get_json()["field"] == "to"
    restore = client.post(
        f"/api/scorecards/{scorecard_id}/restore", json={"version": 10**23}, headers=auth(token)
    )
    assert restore.status_code == 422 and restore.get_json()["field"] == "version"
    part = client.post(
        f"/api/scorecards/{scorecard_id}/regenerate", json={"part": 5}, headers=auth(token)
    )
    assert part.status_code == 422 and part.get_json()["field"] == "part"


def test_the_list_never_passes_its_cap(client, api_token, engine):
    token = api_token(TOKEN)
    generate(client, token)
    with session_scope(engine) as session:
        first = session.exec(select(ScorecardRecord)).one()
        fields = first.model_dump(exclude={"id", "lineage_id", "generation_job_id"})
        session.add_all(ScorecardRecord(**fields) for _ in range(205))
    listing = client.get("/api/scorecards?limit=200", headers=auth(token)).get_json()
    assert len(listing["items"]) == 200
    with session_scope(engine) as session:  # the store caps what any caller passes
        viewer = session.exec(select(User)).one()
        assert len(store.list_scorecards(session, viewer=viewer, limit=-1)) <= 200
        assert store.list_scorecards(session, viewer=viewer, offset=10**23) == []


def test_candidates_feedback_and_regeneration_refuse_what_cannot_be_stored(
    client, api_token, engine
):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    path = f"/api/scorecards/{panel.scorecard_id}/candidates"
    body = {"name": "Ada", "interviewers": list(panel.interviewers)}
    for field, value in (("email", "a@b." + "c" * 400), ("name", "Ada\x00")):
        response = client.post(path, json={**body, field: value}, headers=auth(panel.manager))
        assert response.status_code == 422 and response.get_json()["field"] == field
    assert count(engine, Candidate) == 0
    candidate = client.post(path, json=body, headers=auth(panel.manager)).get_json()["id"]
    feedback = client.put(
        f"/api/candidates/{candidate}/feedback",
        json={"recommendation": "yes", "ratings": ratings_for(panel.card), "notes": "\ud800"},
        headers=auth(next(iter(panel.interviewers.values()))),
    )
    assert feedback.status_code == 422 and feedback.get_json()["field"] == "notes"
    # A control character would be stored, then break the comparison workbook (openpyxl refuses it).
    escaped = ratings_for(panel.card, evidence="Described the escalation \x1b in detail, twice.")
    feedback = client.put(
        f"/api/candidates/{candidate}/feedback",
        json={"recommendation": "yes", "ratings": escaped},
        headers=auth(next(iter(panel.interviewers.values()))),
    )
    assert feedback.status_code == 422 and feedback.get_json()["field"] == "ratings[0].evidence"
    regenerate = client.post(
        f"/api/scorecards/{panel.scorecard_id}/regenerate",
        json={"part": "questions", "instruction": "Shorter\x00"},
        headers=auth(panel.manager),
    )
    assert regenerate.status_code == 422 and regenerate.get_json()["field"] == "instruction"


def test_page_breaks_in_a_pasted_posting_become_line_ends(client, engine, api_token):
    token = api_token("pages@example.com")
    posting = NURSE.replace("\n\n", "\n\x0c\n", 2).replace("\n", "\x0b\n", 1)
    response = client.post(
        "/api/scorecards", json={"job_description": posting}, headers=auth(token)
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    with session_scope(engine) as session:
        text = session.exec(select(JobDescription.text)).one()
    assert "\x0c" not in text and "\x0b" not in text and "\x1b" not in text
    assert text.count("\n") >= NURSE.strip().count("\n")
