"""Security headers on every response, error pages with request ids."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SAMPLE_DIR


@pytest.mark.parametrize(
    "path", ["/setup", "/login", "/nope", "/api/scorecards", "/api/openapi.json", "/static/app.css"]
)
def test_security_headers_everywhere(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Request-Id"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://scorecard.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_page_is_generic_with_request_id(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    response = client.get("/scorecards/12345")
    html = response.get_data(as_text=True)
    assert (
        response.status_code == 404
        and response.headers["X-Request-Id"] in html
        and "Traceback" not in html
    )


def test_no_inline_script_in_pages(client, make_user, login):
    pages = [client.get("/setup").get_data(as_text=True)]
    make_user("r@example.com")
    login("r@example.com")
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/scorecards/new").get_data(as_text=True)
    ).group(1)
    nurse = (SAMPLE_DIR / "registered_nurse.txt").read_text()
    job_url = client.post(
        "/scorecards/new", data={"job_description": nurse, "csrf_token": token}
    ).headers["Location"]
    scorecard_url = client.get(job_url + "/status").get_json()["scorecard_url"]
    for path in ("/scorecards", "/scorecards/new", "/profile", job_url, scorecard_url):
        pages.append(client.get(path).get_data(as_text=True))
    for html in pages:
        assert "<script>" not in html and "onclick=" not in html and "style=" not in html
        assert all(
            tag.startswith('<script src="/static/') for tag in re.findall(r"<script[^>]*>", html)
        )
