"""Limits and headers under abuse: 405 with Allow, 414 and 413 as JSON (chunked bodies too),
downloads never cached, and an OpenAPI document that states the checks the API makes."""

from __future__ import annotations

import http.client
import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, csrf_from
from tests.web.scoring_setup import (
    NURSE,
    add_candidate,
    approved_panel,
    auth,
    count,
    generate,
    ratings_for,
)
from web import create_app
from web.exports import FORMATS
from web.models import GenerationJob, ScorecardStatus

TOO_BIG = 11 * 1024 * 1024  # past the default MAX_UPLOAD_MB of 10


def test_405_names_the_allowed_methods(client):
    api = client.delete("/api/scorecards")
    assert api.status_code == 405 and api.get_json()["status"] == 405
    assert {"GET", "POST"} <= set(api.headers["Allow"].split(", "))
    page = client.put("/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]


def test_an_address_too_long_is_414(client, api_token):
    token = api_token("r@example.com")
    api = client.get("/api/scorecards?q=" + "a" * 8_001, headers=auth(token))
    assert api.status_code == 414 and api.get_json()["error"].startswith("That address is too long")
    assert client.get("/api/scorecards?q=" + "a" * 7_900, headers=auth(token)).status_code == 200
    page = client.get("/login?next=" + "a" * 8_001)
    assert page.status_code == 414 and page.mimetype == "text/html"


def chunked(client, path: str, body: bytes, content_type: str, **headers: str):
    """POST `body` without Content-Length, as gunicorn and waitress pass on a chunked request
    (they decode the chunks and set wsgi.input_terminated)."""
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked", **headers},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_is_413(client, api_token, engine, make_user, login):
    token = api_token("r@example.com")
    big = b'{"job_description": "' + b"a" * TOO_BIG + b'"}'
    api = chunked(client, "/api/scorecards", big, "application/json", **auth(token))
    assert api.status_code == 413 and api.get_json()["status"] == 413
    assert chunked(client, "/api/tokens", big, "application/json").status_code == 413
    small = json.dumps({"job_description": NURSE}).encode()
    assert (
        chunked(client, "/api/scorecards", small, "application/json", **auth(token)).status_code
        == 202
    )
    assert count(engine, GenerationJob) == 1
    login("r@example.com")
    csrf = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
    form = f"csrf_token={csrf}&job_description=".encode() + b"a" * TOO_BIG
    page = chunked(client, "/scorecards/new", form, "application/x-www-form-urlencoded")
    assert page.status_code == 413 and "too large" in page.get_data(as_text=True)
    assert count(engine, GenerationJob) == 1


@pytest.fixture
def gunicorn_server(tmp_path, monkeypatch):
    """The service under gunicorn with the settings of `scorecard serve` (web/cli.py); its port.

    gunicorn, unlike waitress, hands a chunked body on as a stream with no Content-Length.
    """
    create_app({"instance_path": tmp_path / "instance", "testing": True}).extensions["scorecard"][
        "engine"
    ].dispose()  # migrates the database the server then uses
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SCORECARD_EMBEDDED_WORKER", "0")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from web.cli import _gunicorn; _gunicorn('127.0.0.1', {port}, 1, 1)",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_real_server_answers_long_addresses_and_chunked_bodies_in_json(gunicorn_server):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=60)
    connection.request(
        "GET", "/api/scorecards?q=" + "a" * 8_100
    )  # past 8,000, under gunicorn's cap
    response = connection.getresponse()
    assert response.status == 414 and json.loads(response.read())["status"] == 414

    def body():
        yield b'{"email": "'
        for _ in range(TOO_BIG // (1024 * 1024)):
            yield b"a" * 1024 * 1024
        yield b'", "password": "x"}'

    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=60)
    connection.request(
        "POST", "/api/tokens", body=body(), headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    assert response.status == 413 and json.loads(response.read())["status"] == 413


def test_every_download_is_sent_no_store(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    candidate = add_candidate(client, panel, "Ada Okafor")
    scorecard = f"/scorecards/{panel.scorecard_id}"
    for fmt in ("json", "markdown", "xlsx"):
        api = client.get(f"/api{scorecard}/export?format={fmt}", headers=auth(panel.manager))
        assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store", fmt
    login("hm@example.com")
    pages = [f"{scorecard}/export/{fmt}" for fmt in FORMATS] + [
        f"{scorecard}/comparison.xlsx",
        f"{scorecard}/comparison.csv",
        f"/candidates/{candidate}/workbook",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "attachment" in response.headers["Content-Disposition"], path
        assert response.headers["Cache-Control"] == "no-store", path


def _schema(doc: dict, path: str, method: str = "post") -> dict:
    return doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def test_openapi_states_the_status_filter_and_minimum_lengths(client, api_token):
    doc = client.get("/api/openapi.json").get_json()
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/scorecards"]["get"]["parameters"]}
    assert params["status"]["enum"] == [s.value for s in ScorecardStatus]
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 200)
    schemas = doc["components"]["schemas"]
    tokens = _schema(doc, "/api/tokens")["properties"]
    assert tokens["email"]["minLength"] == 1 and tokens["password"]["minLength"] == 1
    assert schemas["GenerateRequest"]["properties"]["job_description"]["minLength"] == 20
    assert schemas["NewCandidate"]["properties"]["name"]["minLength"] == 1
    assert schemas["RatingInput"]["properties"]["evidence"]["minLength"] == 20
    changes = _schema(doc, "/api/scorecards/{scorecard_id}/request-changes")
    assert changes["properties"]["comment"]["minLength"] == 1
    override = _schema(doc, "/api/scorecards/{scorecard_id}/findings/{key}/override")
    assert override["properties"]["reason"]["minLength"] == 10
    for item in doc["paths"].values():
        for operation in item.values():
            assert {"400", "413", "414"} <= set(operation["responses"])
    # Every status the document lists is accepted; another is refused.
    token = api_token("r@example.com")
    for status in params["status"]["enum"]:
        listed = client.get(f"/api/scorecards?status={status}", headers=auth(token))
        assert listed.status_code == 200
    assert client.get("/api/scorecards?status=gone", headers=auth(token)).status_code == 422


@pytest.mark.parametrize("short", ["", " "])
def test_the_minimum_lengths_in_the_document_are_enforced(client, api_token, engine, short):
    token = client.post("/api/tokens", json={"email": "", "password": PASSWORD})
    assert token.status_code == 422 and token.get_json()["field"] == "email"
    panel = approved_panel(client, api_token, engine, interviewers=1)
    manager = auth(panel.manager)
    jd = client.post("/api/scorecards", json={"job_description": short + "a" * 19}, headers=manager)
    assert jd.status_code == 422 and jd.get_json()["field"] == "job_description"
    named = client.post(
        f"/api/scorecards/{panel.scorecard_id}/candidates",
        json={"name": short, "interviewers": list(panel.interviewers)},
        headers=manager,
    )
    assert named.status_code == 422 and named.get_json()["field"] == "name"
    candidate = add_candidate(client, panel, "Ada Okafor")
    ratings = ratings_for(panel.card, evidence=short + "x" * 19)
    feedback = client.put(
        f"/api/candidates/{candidate}/feedback",
        json={"recommendation": "yes", "ratings": ratings},
        headers=auth(next(iter(panel.interviewers.values()))),
    )
    assert feedback.status_code == 422 and feedback.get_json()["field"].endswith(".evidence")
    draft = generate(client, panel.manager)
    client.post(f"/api/scorecards/{draft}/submit", headers=manager)
    changes = client.post(
        f"/api/scorecards/{draft}/request-changes", json={"comment": short}, headers=manager
    )
    assert changes.status_code == 422 and changes.get_json()["field"] == "comment"
