"""The JSON API with personal tokens, and its OpenAPI document."""

from __future__ import annotations

import re

from tests.conftest import SAMPLE_DIR
from tests.web.conftest import PASSWORD

JD = (SAMPLE_DIR / "senior_data_engineer.md").read_text()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_journey(client, api_token):
    token = api_token("r@example.com")
    response = client.post(
        "/api/scorecards",
        json={
            "job_description": JD,
            "company": "Tessellate",
            "values": ["Curiosity", "Care"],
            "competencies": 7,
            "questions": 18,
        },
        headers=auth(token),
    )
    assert response.status_code == 202
    job_id = response.get_json()["job_id"]
    job = client.get(f"/api/jobs/{job_id}", headers=auth(token)).get_json()
    assert job["status"] == "succeeded" and job["error"] is None and job["progress"] == 100
    item = client.get(f"/api/scorecards/{job['scorecard_id']}", headers=auth(token)).get_json()
    assert item["status"] == "draft" and item["version"] == 1
    card = item["scorecard"]
    assert (
        card["schema_version"] == 1
        and len(card["competencies"]) == 7
        and len(card["questions"]) == 18
    )
    assert card["role"]["company"] == "Tessellate" and card["company_values"] == [
        "Curiosity",
        "Care",
    ]
    listing = client.get("/api/scorecards?q=data", headers=auth(token)).get_json()
    assert listing["count"] == 1 and listing["items"][0]["title"] == "Senior Data Engineer"
    export = client.get(
        f"/api/scorecards/{job['scorecard_id']}/export?format=xlsx", headers=auth(token)
    )
    assert (
        export.status_code == 200
        and "senior-data-engineer-scorecard.xlsx" in export.headers["Content-Disposition"]
    )


def test_errors_are_json_with_the_right_status(client, api_token, make_user):
    assert client.get("/api/scorecards").status_code == 401
    assert (
        client.get("/api/scorecards", headers=auth("sc_nope"))
        .get_json()["error"]
        .startswith("Log in")
    )
    bad = client.post("/api/tokens", json={"email": "x@example.com", "password": "wrong-password"})
    assert bad.status_code == 401
    token = api_token("r@example.com")
    missing = client.post("/api/scorecards", json={"company": "x"}, headers=auth(token))
    assert missing.status_code == 422 and missing.get_json()["field"] == "job_description"
    invalid = client.post(
        "/api/scorecards", json={"job_description": JD, "minutes": 5}, headers=auth(token)
    )
    assert invalid.status_code == 422 and invalid.get_json()["field"] == "minutes"
    huge = client.post(
        "/api/scorecards",
        json={"job_description": "Plan shifts safely. " * 3000},
        headers=auth(token),
    )
    assert huge.status_code == 422 and "limit" in huge.get_json()["error"]
    assert client.get("/api/scorecards/999", headers=auth(token)).status_code == 404
    assert client.get("/api/jobs/nope", headers=auth(token)).status_code == 404
    oversized = client.post(
        "/api/scorecards",
        data=b"x" * (11 * 1024 * 1024),
        headers={**auth(token), "Content-Type": "application/json"},
    )
    assert oversized.status_code == 413 and oversized.is_json


def test_roles_and_objects_are_checked(client, api_token):
    owner = api_token("a@example.com")
    other = api_token("b@example.com")
    interviewer = api_token("i@example.com", "interviewer")
    job_id = client.post(
        "/api/scorecards", json={"job_description": JD}, headers=auth(owner)
    ).get_json()["job_id"]
    scorecard_id = client.get(f"/api/jobs/{job_id}", headers=auth(owner)).get_json()["scorecard_id"]
    assert client.get(f"/api/scorecards/{scorecard_id}", headers=auth(other)).status_code == 404
    assert client.get(f"/api/jobs/{job_id}", headers=auth(other)).status_code == 404
    assert (
        client.post(
            "/api/scorecards", json={"job_description": JD}, headers=auth(interviewer)
        ).status_code
        == 403
    )
    admin = api_token("admin@example.com", "admin")
    assert client.get(f"/api/scorecards/{scorecard_id}", headers=auth(admin)).status_code == 200


def test_openapi_describes_every_operation(client, app):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    operations = {(path, method) for path, item in doc["paths"].items() for method in item}
    routes = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(rule.rule)), method.lower())
        for rule in app.url_map.iter_rules()
        if str(rule.rule).startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == operations
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op["responses"], (path, method)
    assert "Scorecard" in doc["components"]["schemas"]


def test_token_endpoint_needs_both_fields(client, make_user):
    make_user("r@example.com")
    response = client.post("/api/tokens", json={"email": "r@example.com"})
    assert response.status_code == 422 and response.get_json()["field"] == "password"
    assert (
        client.post(
            "/api/tokens", json={"email": "r@example.com", "password": PASSWORD}
        ).status_code
        == 201
    )


def test_token_endpoint_is_rate_limited_like_the_login_form(client, make_user):
    make_user("r@example.com")
    for _ in range(5):
        assert (
            client.post(
                "/api/tokens", json={"email": "r@example.com", "password": "wrong-password"}
            ).status_code
            == 401
        )
    limited = client.post("/api/tokens", json={"email": "r@example.com", "password": PASSWORD})
    assert limited.status_code == 429 and limited.is_json
