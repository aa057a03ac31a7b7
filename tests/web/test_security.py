"""Security headers on every response, error pages with request ids."""

from __future__ import annotations

import pytest


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


def test_no_inline_script_in_pages(client):
    html = client.get("/setup").get_data(as_text=True)
    assert "<script>" not in html and "onclick" not in html and "style=" not in html
