"""API routes for candidates, panels, interviewers' feedback and the ranking, on the /api blueprint."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify
from flask.typing import ResponseReturnValue

from web.api import _json_body, bp, token_required
from web.candidates.access import candidate_for, card_of, managed_scorecard
from web.candidates.inputs import api_feedback, candidate_payload
from web.candidates.present import ranking_document
from web.context import db
from web.models import Candidate, ScorecardRecord
from web.permissions import can_manage_candidates
from web.security import error_response
from web.store import audit, get_scorecard
from web.store import candidates as candidate_store
from web.store import feedback as feedback_store
from web.store.candidates import ScoringError


@bp.errorhandler(ScoringError)
def _scoring_error(exc: ScoringError) -> ResponseReturnValue:
    db().rollback()  # nothing partial is kept
    if exc.status != 422:
        return error_response(exc.status, str(exc))
    problems = [{"field": field, "error": message} for field, message in exc.problems]
    return error_response(422, f"{exc.field}: {exc}", field=exc.field, errors=problems)


def _candidate_json(
    candidate: Candidate, record: ScorecardRecord, emails: list[str]
) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "name": candidate.name,
        "email": candidate.email,
        "stage": candidate.stage,
        "scorecard_id": record.id,
        "scorecard_version": record.version,
        "interviewers": emails,
        "created_at": candidate.created_at.isoformat(),
    }


def _feedback_json(view: feedback_store.FeedbackView) -> dict[str, Any]:
    fb = view.feedback
    return {
        "id": fb.id,
        "candidate_id": fb.candidate_id,
        "interviewer": view.interviewer,
        "status": str(fb.status),
        "recommendation": None if fb.recommendation is None else str(fb.recommendation),
        "notes": fb.notes,
        "question_notes": fb.question_notes,
        "ratings": [
            {"competency_id": r.competency_id, "score": r.score, "evidence": r.evidence}
            for r in view.ratings.values()
        ],
        "updated_at": fb.updated_at.isoformat(),
        "submitted_at": fb.submitted_at.isoformat() if fb.submitted_at else None,
    }


@bp.post("/scorecards/<int:scorecard_id>/candidates")
@token_required
def create_candidate(scorecard_id: int) -> ResponseReturnValue:
    """Add a candidate with their panel (and each interviewer's focus) to an approved scorecard version."""
    session = db()
    record = managed_scorecard(session, scorecard_id=scorecard_id, user=g.api_user)
    if record is None:
        if get_scorecard(session, scorecard_id=scorecard_id, viewer=g.api_user) is not None:
            return error_response(403)
        return error_response(404)
    fields = candidate_payload(_json_body())
    card = card_of(record)
    candidate, emails = candidate_store.create_candidate(
        session,
        record=record,
        creator=g.api_user,
        competency_ids=[c.id for c in card.competencies],
        **fields,
    )
    audit(
        session,
        user=g.api_user,
        action="candidate.created",
        object_type="candidate",
        object_id=candidate.id,
        detail=f"scorecard {record.id}; panel of {len(emails)}",
        lineage_id=record.lineage_id,
    )
    session.commit()
    return jsonify(_candidate_json(candidate, record, emails)), 201


@bp.get("/scorecards/<int:scorecard_id>/candidates")
@token_required
def list_candidates(scorecard_id: int) -> ResponseReturnValue:
    """Candidates of a scorecard version: all for those who manage it, else those whose panel the caller is on."""
    session = db()
    record = session.get(ScorecardRecord, scorecard_id)
    if record is None:
        return error_response(404)
    rows = candidate_store.list_candidates(session, scorecard_id=scorecard_id)
    if not can_manage_candidates(g.api_user, record):  # interviewers: their own panels only
        mine = {a.candidate.id for a in candidate_store.assignments(session, user_id=g.api_user.id)}
        rows = [row for row in rows if row.candidate.id in mine]
        if (
            not rows
            and get_scorecard(session, scorecard_id=scorecard_id, viewer=g.api_user) is None
        ):
            return error_response(404)
    manager = can_manage_candidates(g.api_user, record)
    seats = candidate_store.panels(session, candidate_ids=[row.candidate.id or 0 for row in rows])
    items = []
    for row in rows:
        panel = seats[row.candidate.id or 0]
        item = _candidate_json(row.candidate, record, [seat.email for seat in panel])
        item.update(
            email=row.candidate.email if manager else None,  # personal data: the hiring team's
            feedback_expected=row.expected,
            feedback_submitted=row.submitted,
            focus={seat.email: seat.member.focus for seat in panel if seat.member.focus},
        )
        items.append(item)
    return jsonify(items=items, count=len(items))


@bp.delete("/candidates/<int:candidate_id>")
@token_required
def delete_candidate(candidate_id: int) -> ResponseReturnValue:
    """Delete a candidate with their ratings and personal data; the audit keeps the event only."""
    session = db()
    found = candidate_for(session, candidate_id=candidate_id, user=g.api_user)
    if found is None:
        return error_response(404)
    if not found.manager:
        return error_response(403)
    removed = candidate_store.delete_candidate(
        session, candidate=found.candidate, user=g.api_user, lineage_id=found.record.lineage_id
    )
    session.commit()
    return jsonify(deleted=candidate_id, feedback_removed=removed)


@bp.put("/candidates/<int:candidate_id>/feedback")
@token_required
def put_feedback(candidate_id: int) -> ResponseReturnValue:
    """Create or replace the caller's own draft feedback (each rating needs a level 1-5 and evidence)."""
    session = db()
    found = candidate_for(session, candidate_id=candidate_id, user=g.api_user)
    if found is None or found.member is None:
        return error_response(404)
    own = feedback_store.own_feedback(
        session, candidate_id=candidate_id, interviewer_id=g.api_user.id
    )
    feedback_store.check_open(found.record, own)  # 409 before any 422
    fields = api_feedback(found.card, _json_body())
    feedback = feedback_store.save_draft(
        session,
        record=found.record,
        candidate_id=candidate_id,
        interviewer_id=g.api_user.id,
        **fields,
    )
    session.commit()
    ratings = feedback_store.ratings_of(session, feedback_ids=[feedback.id or 0])
    view = feedback_store.FeedbackView(
        feedback, g.api_user.email, ratings.get(feedback.id or 0, {})
    )
    return jsonify(_feedback_json(view))


@bp.post("/candidates/<int:candidate_id>/feedback/submit")
@token_required
def submit_feedback(candidate_id: int) -> ResponseReturnValue:
    """Submit the caller's draft: every competency they must rate needs a level and evidence; then it is locked."""
    session = db()
    found = candidate_for(session, candidate_id=candidate_id, user=g.api_user)
    if found is None or found.member is None:
        return error_response(404)
    feedback = feedback_store.own_feedback(
        session, candidate_id=candidate_id, interviewer_id=g.api_user.id
    )
    feedback_store.check_open(found.record, feedback)
    ratings = feedback_store.ratings_of(
        session, feedback_ids=[feedback.id or 0] if feedback else []
    )
    problems = feedback_store.submission_problems(
        names={c.id: c.name for c in found.card.competencies},
        required=found.required(),
        feedback=feedback,
        ratings=ratings.get(feedback.id or 0, {}) if feedback else {},
    )
    if problems or feedback is None:
        raise ScoringError(problems[0][1], field=problems[0][0], problems=problems)
    feedback_store.submit(session, record=found.record, feedback=feedback, user=g.api_user)
    session.commit()
    return jsonify(
        id=feedback.id,
        candidate_id=candidate_id,
        status="submitted",
        submitted_at=feedback.submitted_at.isoformat() if feedback.submitted_at else None,
    )


@bp.get("/candidates/<int:candidate_id>/feedback")
@token_required
def get_feedback(candidate_id: int) -> ResponseReturnValue:
    """The feedback the caller may read: their own, and the others' once their own is submitted."""
    session = db()
    found = candidate_for(session, candidate_id=candidate_id, user=g.api_user)
    if found is None:
        return error_response(404)
    views, blind = feedback_store.visible_feedback(
        session, candidate_id=candidate_id, viewer_id=g.api_user.id, on_panel=found.on_panel
    )
    return jsonify(
        candidate_id=candidate_id, others_hidden=blind, feedback=[_feedback_json(v) for v in views]
    )


@bp.get("/scorecards/<int:scorecard_id>/ranking")
@token_required
def ranking(scorecard_id: int) -> ResponseReturnValue:
    """Candidates ranked by weighted total from submitted feedback, with knockouts, disagreements and calibration."""
    session = db()
    record = managed_scorecard(session, scorecard_id=scorecard_id, user=g.api_user)
    if record is None:
        return error_response(404)
    body = ranking_document(session, record=record, user=g.api_user)
    return Response(body, mimetype="application/json")
