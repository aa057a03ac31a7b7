"""API routes for review: save a version (ETag/If-Match), regenerate a part, submit, approve,
request changes, fair-interview findings (versions and diffs: web/api/versions.py)."""

from __future__ import annotations

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from generator.schema import Scorecard
from generator.versions import diff_scorecards
from web import store
from web.api import _json_body, bp, etag_for, fields, token_required
from web.context import db
from web.generation import FieldError
from web.models import ScorecardRecord
from web.permissions import can_approve, can_edit_scorecard, can_submit_for_review
from web.review import actions
from web.review.editor import check_edit
from web.security import error_response
from web.store import regenerations as regen_store
from web.store import review as review_store
from web.store import versions as version_store
from web.store.review import ReviewStateError
from web.store.versions import VersionConflict


def _visible(scorecard_id: int) -> ScorecardRecord | None:
    return store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=g.api_user)


def _state(record: ScorecardRecord, status: int = 200) -> ResponseReturnValue:
    response = jsonify(id=record.id, status=record.status, version=record.version)
    response.headers["ETag"] = etag_for(record)
    return response, status


def _conflict(exc: VersionConflict) -> ResponseReturnValue:
    return error_response(
        409,
        str(exc),
        head={
            "id": exc.head.id,
            "version": exc.head.version,
            "author": exc.author,
            "summary": exc.head.change_summary,
        },
    )


@bp.put("/scorecards/<int:scorecard_id>")
@token_required
def put_scorecard(scorecard_id: int) -> ResponseReturnValue:
    """Save an edited scorecard as a new version; send If-Match with the ETag you edited."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if g.api_user.role == "interviewer":
        return error_response(403)
    if_match = request.headers.get("If-Match")
    if not if_match:
        return error_response(
            428, "Send If-Match with the ETag of the version you edited (from GET)."
        )
    head = version_store.head_of(db(), lineage_id=record.lineage_id)
    assert head is not None
    if etag_for(head) not in [tag.strip() for tag in if_match.split(",")]:
        # Stale: the caller edited an older version (or sent a wrong tag).
        author = store.user_email(db(), user_id=head.author_id or head.owner_id)
        return error_response(
            412,
            f"If-Match does not match the latest version: {author} saved version {head.version}"
            f" ({head.change_summary or 'a new version'}). GET scorecard {head.id}, re-apply "
            "your edits and send its ETag.",
            head={
                "id": head.id,
                "version": head.version,
                "author": author,
                "summary": head.change_summary,
                "etag": etag_for(head),
            },
        )
    record = head
    if not can_edit_scorecard(g.api_user, record):
        return error_response(403)
    body = _json_body()
    data = body.get("scorecard", body) if isinstance(body.get("scorecard"), dict) else body
    # The job description is the posting the scorecard was made from; edits cannot replace it.
    data = {**data, "job_description": record.data["job_description"]}
    card, errors = check_edit(data)
    if card is None:
        field = next(iter(errors), "scorecard")
        return error_response(
            422,
            f"{field}: {errors[field][0]}" if errors else "Invalid scorecard.",
            field=field,
            errors=errors,
        )
    try:
        new = version_store.save_version(db(), base=record, scorecard=card, author=g.api_user)
    except VersionConflict as exc:
        db().rollback()
        return _conflict(exc)
    db().commit()
    response = jsonify(id=new.id, status=new.status, version=new.version, scorecard=new.data)
    response.headers["ETag"] = etag_for(new)
    return response, 200


@bp.post("/scorecards/<int:scorecard_id>/regenerate")
@token_required
def regenerate(scorecard_id: int) -> ResponseReturnValue:
    """Rewrite one part in the background; the job's result is a proposed version, not yet saved."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if not can_edit_scorecard(g.api_user, record):
        return error_response(403)
    data = _json_body()
    job = actions.start_regeneration(
        db(),
        record=record,
        user=g.api_user,
        part=fields.text(data, "part", required=True, what="the part to rewrite") or "",
        instruction=fields.text(data, "instruction", what="the instruction") or "",
        model=fields.text(data, "model") or None,
    )
    return jsonify(job_id=job.id, status=job.status), 202


def _regeneration(job_id: str):  # type: ignore[no-untyped-def]
    job = regen_store.get_regeneration(db(), job_id=job_id)
    if job is None:
        return None, None
    record = _visible(job.scorecard_id)
    if record is None or (job.requested_by != g.api_user.id and not can_approve(g.api_user)):
        return None, None
    return job, record


@bp.get("/regenerations/<job_id>")
@token_required
def get_regeneration(job_id: str) -> ResponseReturnValue:
    """A regeneration's status; when done, the proposed scorecard and its diff from the base version."""
    job, record = _regeneration(job_id)
    if job is None:
        return error_response(404)
    diff = (
        diff_scorecards(
            Scorecard.model_validate(record.data), Scorecard.model_validate(job.proposal)
        ).model_dump(mode="json")
        if job.proposal
        else None
    )
    return jsonify(
        job_id=job.id,
        scorecard_id=job.scorecard_id,
        part=job.part,
        instruction=job.instruction,
        status=job.status,
        progress=job.progress,
        error=job.error,
        decision=job.decision,
        proposal=job.proposal,
        diff=diff,
    )


@bp.post("/regenerations/<job_id>/<decision>")
@token_required
def decide_regeneration(job_id: str, decision: str) -> ResponseReturnValue:
    """Accept the proposal as a new version, or discard it."""
    job, record = _regeneration(job_id)
    if job is None or decision not in ("accept", "discard"):
        return error_response(404)
    if not can_edit_scorecard(g.api_user, record):
        return error_response(403)
    session = db()
    try:
        if decision == "discard":
            actions.discard_regeneration(session, job=job, user=g.api_user)
            session.commit()
            return jsonify(job_id=job.id, decision="discarded")
        new = actions.accept_regeneration(session, job=job, user=g.api_user)
    except actions.ProposalError as exc:
        session.rollback()
        return error_response(409, str(exc))
    except VersionConflict as exc:
        session.rollback()
        return _conflict(exc)
    session.commit()
    return _state(new)


@bp.post("/scorecards/<int:scorecard_id>/submit")
@token_required
def submit(scorecard_id: int) -> ResponseReturnValue:
    """Send the latest draft for review."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if not can_submit_for_review(g.api_user, record) and record.status == "draft":
        return error_response(403)
    try:
        review_store.submit_for_review(db(), record=record, user=g.api_user)
    except ReviewStateError as exc:
        return error_response(409, str(exc))
    db().commit()
    return _state(record)


@bp.post("/scorecards/<int:scorecard_id>/approve")
@token_required
def approve(scorecard_id: int) -> ResponseReturnValue:
    """Approve the version; 409 lists open fair-interview findings."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if not can_approve(g.api_user):
        return error_response(403)
    try:
        actions.approve_version(db(), record=record, user=g.api_user)
    except actions.OpenFindings as exc:
        db().rollback()
        states = [s for s in actions.fairness_state(db(), record) if s.open]
        return error_response(409, str(exc), findings=[actions.finding_json(s) for s in states])
    except ReviewStateError as exc:
        db().rollback()
        return error_response(409, str(exc))
    db().commit()
    return _state(record)


@bp.post("/scorecards/<int:scorecard_id>/request-changes")
@token_required
def request_changes(scorecard_id: int) -> ResponseReturnValue:
    """Return a version in review to draft with a comment."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if not can_approve(g.api_user):
        return error_response(403)
    comment = _json_body().get("comment")
    if not isinstance(comment, str) or not comment.strip():
        raise FieldError("comment", "Say what should change.")
    try:
        review_store.request_changes(db(), record=record, user=g.api_user, comment=comment)
    except ReviewStateError as exc:
        return error_response(409, str(exc))
    db().commit()
    return _state(record)


@bp.get("/scorecards/<int:scorecard_id>/findings")
@token_required
def findings(scorecard_id: int) -> ResponseReturnValue:
    """Fair-interview findings on this version, with overrides."""
    record = _visible(scorecard_id)
    if record is None or g.api_user.role == "interviewer":
        return error_response(404)
    return jsonify(findings=[actions.finding_json(s) for s in actions.fairness_state(db(), record)])


@bp.post("/scorecards/<int:scorecard_id>/findings/<key>/override")
@token_required
def override_finding(scorecard_id: int, key: str) -> ResponseReturnValue:
    """Keep a flagged text on purpose: `{"reason": "..."}` (audited)."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    if not can_approve(g.api_user):
        return error_response(403)
    reason = _json_body().get("reason")
    if not isinstance(reason, str):
        raise FieldError("reason", "Give the reason for keeping this text.")
    actions.override_finding(db(), record=record, user=g.api_user, key=key, reason=reason)
    db().commit()
    states = actions.fairness_state(db(), record)
    return jsonify(findings=[actions.finding_json(s) for s in states])
