"""Security headers, request ids and error responses for every response, error pages included."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
MESSAGES = {
    400: "The request could not be understood. Check the form and try again.",
    401: "Log in, or send a valid API token, to continue.",
    403: "Your role does not allow this.",
    404: "There is nothing here, or you do not have access to it.",
    405: "That method is not allowed here.",
    413: "That upload is too large. Upload a file under the size limit or paste the text instead.",
    414: "That address is too long. Shorten the query to under 8,000 characters and try again.",
    422: "Some of the input is invalid.",
    429: "Too many attempts. Wait a few minutes and try again.",
    500: "Something went wrong on our side. Try again; if it keeps happening, give us the request id.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, **extra: object):  # type: ignore[no-untyped-def]
    """A JSON error for the API, an error page for browsers; both carry the request id."""
    message = message or MESSAGES.get(status, "Request failed.")
    if wants_json():
        body = {"error": message, "status": status, "request_id": g.get("request_id", "")}
        body.update(extra)
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def _request_id() -> None:
    g.request_id = secrets.token_hex(8)


def init_app(app: Flask) -> None:
    from web import hardening

    hardening.init_app(app)
    # First of all, ahead of the input guard and CSRF: every error carries the request id.
    app.before_request_funcs.setdefault(None, []).insert(0, _request_id)

    @app.after_request
    def _headers(response):  # type: ignore[no-untyped-def]
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.path.startswith(("/api/", "/jobs/")) or response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        if "attachment" in response.headers.get("Content-Disposition", ""):
            # Downloads hold unreleased scorecards and candidates' ratings: never kept by a cache.
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError):  # type: ignore[no-untyped-def]
        return error_response(
            400, "The form expired or was not sent from this site. Reload the page and try again."
        )

    @app.errorhandler(hardening.FieldError)
    def _field(error: hardening.FieldError) -> ResponseReturnValue:
        return error_response(
            422, hardening.field_message(error.field, str(error)), field=error.field
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        response = make_response(
            error_response(
                error.code or 500,
                error.description
                if error.code in {400, 422}
                and error.description
                and not error.description.startswith("The browser")
                else None,
            )
        )
        # The exception's own headers say how to recover: Allow on a 405, Retry-After, …
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error (request %s)", g.get("request_id"))
        return error_response(500)
