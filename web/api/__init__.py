"""The JSON API under /api: personal bearer tokens, generation jobs, scorecards and exports."""

from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, Response, g, jsonify, request

from generator.schema import Scorecard
from web import store
from web.api import fields
from web.api.openapi import openapi_document
from web.auth.credentials import BAD_CREDENTIALS, TooManyAttempts, check_credentials
from web.context import db
from web.exports import FORMATS, export
from web.generation import FieldError, idempotency_key, parse_options, start_generation
from web.generation import job_description_text as checked_text
from web.hardening import MAX_ID, int_arg, json_body
from web.models import ScorecardStatus
from web.permissions import can_generate
from web.security import error_response

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 200  # scorecards in one page of the list


def token_required(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = (
            store.user_for_token(db(), token=token.strip())
            if scheme.lower() == "bearer" and token
            else None
        )
        if user is None:
            return error_response(401)
        if db().info.pop("needs_commit", False):
            db().commit()  # the token's last-used time
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped


def _json_body() -> dict:
    """The body as a JSON object (parsed and checked once by the request guard in web.hardening)."""
    data = json_body()
    if not isinstance(data, dict):
        raise FieldError("body", "Send a JSON object with Content-Type: application/json.")
    return data


@bp.errorhandler(FieldError)
def _field_error(exc: FieldError):  # type: ignore[no-untyped-def]
    return error_response(422, f"{exc.field}: {exc}", field=exc.field)


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """The OpenAPI 3 document describing every operation."""
    return jsonify(openapi_document())


@bp.post("/tokens")
def create_token():  # type: ignore[no-untyped-def]
    """Exchange email and password for a personal bearer token."""
    data = _json_body()
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not email:
        raise FieldError("email", "Give the account's email.")
    if not isinstance(password, str) or not password:
        raise FieldError("password", "Give the account's password.")
    name = fields.text(data, "name", max_length=80, what="the token's name")
    try:
        user = check_credentials(email, password)
    except TooManyAttempts as exc:
        body, status = error_response(429, exc.message)
        return body, status, {"Retry-After": str(exc.retry_after)}
    if user is None:
        return error_response(401, BAD_CREDENTIALS)
    session = db()
    token, row = store.create_token(session, user=user, name=name or "API token")
    store.audit(session, user=user, action="token.create", object_type="token", object_id=row.id)
    session.commit()
    return jsonify(token=token), 201


@bp.post("/scorecards")
@token_required
def create_scorecard():  # type: ignore[no-untyped-def]
    """Queue a scorecard generation; poll the returned job.

    A request repeated with the same Idempotency-Key answers with the first job.
    """
    if not can_generate(g.api_user):
        return error_response(403)
    key = idempotency_key(request.headers.get("Idempotency-Key"), field="Idempotency-Key")
    data = _json_body()
    jd = fields.text(data, "job_description", required=True, what="the job description")
    text = checked_text(text=jd, upload=None, filename=None)
    options = parse_options(fields.generation_options(data))
    model = fields.text(data, "model") or "offline"
    job = start_generation(
        user=g.api_user, text=text, filename=None, options=options, model=model, key=key
    )
    return jsonify(job_id=job.id, status=job.status), 202


@bp.get("/jobs/<job_id>")
@token_required
def job(job_id: str):  # type: ignore[no-untyped-def]
    """A generation job's status, progress and result."""
    record = store.get_job(db(), job_id=job_id)
    if record is None or (record.owner_id != g.api_user.id and g.api_user.role != "admin"):
        return error_response(404)
    scorecard = store.scorecard_for_job(db(), job_id=job_id)
    return jsonify(
        status=record.status,
        progress=record.progress,
        stage=record.stage,
        scorecard_id=scorecard.id if scorecard else None,
        error=record.error,
    )


@bp.get("/scorecards")
@token_required
def list_scorecards():  # type: ignore[no-untyped-def]
    """Scorecards the caller may see; filter with q (title) and status."""
    status = request.args.get("status", "")
    if status and status not in ScorecardStatus.__members__:
        raise FieldError("status", f"Filter on one of: {', '.join(ScorecardStatus)}.")
    records = store.list_scorecards(
        db(),
        viewer=g.api_user,
        query=request.args.get("q", ""),
        status=status,
        limit=int_arg("limit", default=50, low=1, high=MAX_LIMIT),
        offset=int_arg("offset", default=0, low=0, high=MAX_ID),
    )
    items = [
        {
            "id": r.id,
            "title": r.title,
            "status": r.status,
            "version": r.version,
            "engine": r.engine,
            "model": r.model,
            "created_at": r.created_at.isoformat(),
        }
        for r in records
    ]
    return jsonify(items=items, count=len(items))


def _visible(scorecard_id: int):  # type: ignore[no-untyped-def]
    return store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=g.api_user)


@bp.get("/scorecards/<int:scorecard_id>")
@token_required
def get_scorecard(scorecard_id: int):  # type: ignore[no-untyped-def]
    """One scorecard with its JSON (schema version 1)."""
    found = store.scorecard_json(db(), scorecard_id=scorecard_id, viewer=g.api_user)
    if found is None:
        return error_response(404)
    record, data = found
    # The stored JSON was validated when saved; splice its text in rather than parse and re-encode it.
    head = json.dumps({"id": record.id, "status": record.status, "version": record.version})[:-1]
    return Response(
        f'{head}, "scorecard": {data}}}',
        mimetype="application/json",
        headers={"ETag": etag_for(record)},
    )


def etag_for(record) -> str:  # type: ignore[no-untyped-def]
    """The ETag of one stored version: versions are immutable, so the id names the content."""
    return f'"scorecard-{record.id}-v{record.version}"'


@bp.get("/scorecards/<int:scorecard_id>/export")
@token_required
def export_scorecard(scorecard_id: int):  # type: ignore[no-untyped-def]
    """Download as markdown, json, xlsx or pdf."""
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise FieldError("format", f"Use one of: {', '.join(FORMATS)}.")
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    body, mimetype, filename = export(Scorecard.model_validate(record.data), fmt)
    store.audit(
        db(),
        user=g.api_user,
        action="scorecard.exported",
        object_type="scorecard",
        object_id=record.id,
        detail=f"v{record.version} as {fmt} (API)",
        lineage_id=record.lineage_id,
    )
    db().commit()
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Routes for review and for candidates live in their own modules, registered on this blueprint.
from web.api import candidates as _candidates  # noqa: E402,F401
from web.api import review as _review  # noqa: E402,F401
from web.api import versions as _versions  # noqa: E402,F401
