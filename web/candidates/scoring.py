"""Interviewers' pages: the scoring form with autosaved drafts, submission, the interview kit, reopening."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.schema import Scorecard
from web.candidates import bp
from web.candidates.access import CandidateAccess
from web.candidates.inputs import form_feedback
from web.candidates.pages import found_candidate
from web.candidates.present import RECOMMENDATION_LABELS
from web.context import db
from web.models import Feedback, FeedbackStatus, Rating
from web.permissions import can_reopen_feedback
from web.store import candidates as candidate_store
from web.store import feedback as feedback_store
from web.store.candidates import ScoringError


def form_values(
    card: Scorecard, feedback: Feedback | None, ratings: dict[str, Rating]
) -> dict[str, str]:
    """The stored draft as the scoring form's field values."""
    values: dict[str, str] = {}
    for cid, rating in ratings.items():
        values[f"score-{cid}"] = "" if rating.score is None else str(rating.score)
        values[f"evidence-{cid}"] = rating.evidence
    if feedback is not None:
        values["recommendation"] = (
            "" if feedback.recommendation is None else str(feedback.recommendation)
        )
        values["notes"] = feedback.notes
        values.update({f"qnote-{qid}": note for qid, note in feedback.question_notes.items()})
    return values


def form_field(problem_field: str) -> str:
    """A submission problem's field (ratings.<id>[.evidence]) as the form field it is about."""
    if problem_field.startswith("ratings."):
        cid, _, part = problem_field.removeprefix("ratings.").partition(".")
        return f"evidence-{cid}" if part == "evidence" else f"score-{cid}"
    return problem_field


def render_form(
    found: CandidateAccess,
    *,
    values: Mapping[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    upload_problems: list[str] | None = None,
) -> ResponseReturnValue:
    """The scoring form: focus competencies first, each with its rubric, prompts and bank questions."""
    session = db()
    card = found.card
    feedback = feedback_store.own_feedback(
        session, candidate_id=found.candidate.id or 0, interviewer_id=current_user.id
    )
    ratings = feedback_store.ratings_of(
        session, feedback_ids=[feedback.id or 0] if feedback else []
    )
    stored = form_values(card, feedback, ratings.get(feedback.id or 0, {}) if feedback else {})
    required = set(found.required())
    order = [c for c in card.competencies if c.id in required] + [
        c for c in card.competencies if c.id not in required
    ]
    questions = {
        c.id: [q for q in card.questions if c.id in q.competencies] for c in card.competencies
    }
    note_home: dict[str, str] = {}
    for competency in order:
        for question in questions[competency.id]:
            note_home.setdefault(question.id, competency.id)
    locked = feedback is not None and feedback.status == FeedbackStatus.submitted
    closed = found.record.scoring_closed_at is not None
    return render_template(
        "candidates/score.html",
        found=found,
        card=card,
        candidate=found.candidate,
        feedback=feedback,
        values={**stored, **(values or {})},
        errors=errors or {},
        order=order,
        required=required,
        questions=questions,
        note_home=note_home,
        names={c.id: c.name for c in card.competencies},
        labels=RECOMMENDATION_LABELS,
        locked=locked or closed,
        closed=closed,
        upload_problems=upload_problems or [],
    ), status


def _panel_member(candidate_id: int) -> CandidateAccess:
    found = found_candidate(candidate_id)
    if found.member is None:
        abort(404)  # only the panel scores
    return found


@bp.route("/candidates/<int:candidate_id>/score", methods=["GET", "POST"])
@login_required
def score(candidate_id: int) -> ResponseReturnValue:
    """The scoring form; POST saves the draft, or saves and submits it."""
    found = _panel_member(candidate_id)
    if request.method == "GET":
        return render_form(found)
    session = db()
    try:
        feedback = _save_form_draft(found, candidate_id)
    except ScoringError as exc:
        session.rollback()
        if exc.status == 409:
            flash(str(exc))
            return redirect(url_for("candidates.candidate", candidate_id=candidate_id))
        return render_form(found, values=request.form, errors=dict(exc.problems), status=422)
    if request.form.get("action") != "submit":
        flash("Draft saved. It stays private until you submit it.")
        return redirect(url_for("candidates.score", candidate_id=candidate_id))
    ratings = feedback_store.ratings_of(session, feedback_ids=[feedback.id or 0])
    problems = feedback_store.submission_problems(
        names={c.id: c.name for c in found.card.competencies},
        required=found.required(),
        feedback=feedback,
        ratings=ratings.get(feedback.id or 0, {}),
    )
    if problems:
        errors = {form_field(field): message for field, message in problems}
        return render_form(found, errors=errors, status=422)
    feedback_store.submit(session, record=found.record, feedback=feedback, user=current_user)
    session.commit()
    flash("Feedback submitted. You can now read the other interviewers' feedback.")
    return redirect(url_for("candidates.candidate", candidate_id=candidate_id))


@bp.post("/candidates/<int:candidate_id>/draft")
@login_required
def autosave(candidate_id: int) -> ResponseReturnValue:
    """Save the scoring form as a draft (the page's autosave); JSON answer."""
    found = _panel_member(candidate_id)
    session = db()
    try:
        feedback = _save_form_draft(found, candidate_id)
    except ScoringError as exc:
        session.rollback()
        return jsonify(error=str(exc), errors=dict(exc.problems)), exc.status
    return jsonify(status="draft", saved_at=feedback.updated_at.isoformat())


@bp.get("/candidates/<int:candidate_id>/kit")
@login_required
def kit(candidate_id: int) -> ResponseReturnValue:
    """A printable interview kit for one panel member: their focus competencies, questions and rubrics."""
    found = found_candidate(candidate_id)
    panel = candidate_store.panel_of(db(), candidate_id=candidate_id)
    wanted = request.args.get("interviewer", type=int) if found.manager else None
    seat = next((s for s in panel if s.member.interviewer_id == (wanted or current_user.id)), None)
    if seat is None:
        if not found.manager or not panel:
            abort(404)
        seat = panel[0]
    card = found.card
    focus = set(seat.member.focus) or {c.id for c in card.competencies}
    competencies = [c for c in card.competencies if c.id in focus]
    questions = [q for q in card.questions if focus & set(q.competencies)]
    return render_template(
        "candidates/kit.html",
        found=found,
        card=card,
        candidate=found.candidate,
        seat=seat,
        panel=panel,
        competencies=competencies,
        questions=questions,
        names={c.id: c.name for c in card.competencies},
        all_competencies=not seat.member.focus,
    )


@bp.post("/candidates/<int:candidate_id>/feedback/<int:feedback_id>/reopen")
@login_required
def reopen(candidate_id: int, feedback_id: int) -> ResponseReturnValue:
    """An admin reopens a submitted feedback as a draft; the reason goes to the audit trail."""
    found = found_candidate(candidate_id)
    if not can_reopen_feedback(current_user):
        abort(403)
    session = db()
    feedback = session.get(Feedback, feedback_id)
    if feedback is None or feedback.candidate_id != candidate_id:
        abort(404)
    try:
        feedback_store.reopen(
            session,
            record=found.record,
            feedback=feedback,
            admin=current_user,
            reason=request.form.get("reason", ""),
        )
        session.commit()
    except ScoringError as exc:
        session.rollback()
        flash(str(exc))
    else:
        flash("Feedback reopened as a draft; the interviewer can change and submit it again.")
    return redirect(url_for("candidates.candidate", candidate_id=candidate_id))


def _save_form_draft(found: CandidateAccess, candidate_id: int) -> Feedback:
    """Save the posted scoring form as the caller's draft and commit.

    Raises:
        ScoringError: invalid input (422) or feedback that is locked (409); nothing is saved.
    """
    fields = form_feedback(found.card, request.form)
    feedback = feedback_store.save_draft(
        db(),
        record=found.record,
        candidate_id=candidate_id,
        interviewer_id=current_user.id,
        **fields,
    )
    db().commit()
    return feedback
