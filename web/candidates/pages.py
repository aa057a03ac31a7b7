"""Candidate pages: my interviews, a scorecard's candidates with the add form, a candidate, stage, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.scoring import CandidateEntry, CandidateStanding, PanelRating, rank_panel
from web import store
from web.candidates import bp
from web.candidates.access import CandidateAccess, candidate_for, card_of, managed_scorecard
from web.candidates.inputs import candidate_form
from web.candidates.present import RECOMMENDATION_LABELS
from web.context import db
from web.models import FeedbackStatus
from web.permissions import can_reopen_feedback
from web.store import candidates as candidate_store
from web.store import feedback as feedback_store
from web.store import ranking as ranking_store
from web.store.candidates import STAGES, ScoringError


def found_candidate(candidate_id: int) -> CandidateAccess:
    """The candidate for the logged-in user, or 404."""
    found = candidate_for(db(), candidate_id=candidate_id, user=current_user)
    if found is None:
        abort(404)
    return found


@bp.get("/candidates")
@login_required
def my_candidates() -> ResponseReturnValue:
    """The candidates the user interviews, and the scorecards whose candidates they manage."""
    session = db()
    interviews = candidate_store.assignments(session, user_id=current_user.id)
    managed = []
    if current_user.role != "interviewer":
        records = [
            r
            for status in ("approved", "archived")
            for r in store.list_scorecards(session, viewer=current_user, status=status)
        ]
        counts = ranking_store.candidate_counts(session, scorecard_ids=[r.id or 0 for r in records])
        managed = [
            (r, counts.get(r.id or 0, 0))
            for r in records
            if r.status == "approved" or counts.get(r.id or 0)
        ]
    return render_template("candidates/mine.html", interviews=interviews, managed=managed)


@bp.route("/scorecards/<int:scorecard_id>/candidates", methods=["GET", "POST"])
@login_required
def scorecard_candidates(scorecard_id: int) -> ResponseReturnValue:
    """A scorecard version's candidates with their feedback counts, and the form to add one with a panel."""
    session = db()
    record = managed_scorecard(session, scorecard_id=scorecard_id, user=current_user)
    if record is None:
        abort(404)
    card = card_of(record)
    ids = [c.id for c in card.competencies]
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        try:
            fields = candidate_form(form, ids)
            candidate, emails = candidate_store.create_candidate(
                session, record=record, creator=current_user, competency_ids=ids, **fields
            )
            store.audit(
                session,
                user=current_user,
                action="candidate.created",
                object_type="candidate",
                object_id=candidate.id,
                detail=f"scorecard {record.id}; panel of {len(emails)}",
                lineage_id=record.lineage_id,
            )
            session.commit()
        except ScoringError as exc:
            session.rollback()
            errors = dict(exc.problems)
        else:
            flash(f"{candidate.name} added with a panel of {len(emails)}.")
            return redirect(url_for("candidates.candidate", candidate_id=candidate.id))
    rows = candidate_store.list_candidates(session, scorecard_id=scorecard_id)
    people = [u.email for u in store.list_users(session) if u.active]
    return render_template(
        "candidates/list.html",
        record=record,
        card=card,
        rows=rows,
        errors=errors,
        form=form,
        people=people,
        rows_in_form=range(1, 5),
    ), (422 if errors else 200)


def _summary(
    found: CandidateAccess, views: list[feedback_store.FeedbackView], expected: int
) -> CandidateStanding | None:
    """This candidate's standing from the submitted feedback the viewer may read."""
    submitted = [v for v in views if v.feedback.status == FeedbackStatus.submitted]
    if not submitted:
        return None
    entry = CandidateEntry(
        candidate_id=found.candidate.id or 0,
        name=found.candidate.name,
        feedback_expected=expected,
        feedback_submitted=len(submitted),
        recommendations={
            v.interviewer: str(v.feedback.recommendation)
            for v in submitted
            if v.feedback.recommendation
        },
    )
    ratings = [
        PanelRating(entry.candidate_id, v.interviewer, cid, r.score, r.evidence)
        for v in submitted
        for cid, r in v.ratings.items()
        if r.score is not None
    ]
    return rank_panel(found.card, [entry], ratings).candidates[0]


@bp.get("/candidates/<int:candidate_id>")
@login_required
def candidate(candidate_id: int) -> ResponseReturnValue:
    """A candidate: panel and progress, and the feedback the viewer may read, with disagreements side by side."""
    found = found_candidate(candidate_id)
    session = db()
    panel = candidate_store.panel_of(session, candidate_id=candidate_id)
    views, blind = feedback_store.visible_feedback(
        session, candidate_id=candidate_id, viewer_id=current_user.id, on_panel=found.on_panel
    )
    own = next((v for v in views if v.feedback.interviewer_id == current_user.id), None)
    return render_template(
        "candidates/show.html",
        found=found,
        card=found.card,
        record=found.record,
        candidate=found.candidate,
        panel=panel,
        views=views,
        blind=blind,
        own=own,
        summary=None if blind else _summary(found, views, len(panel)),
        names={c.id: c.name for c in found.card.competencies},
        labels=RECOMMENDATION_LABELS,
        stages=STAGES,
        can_reopen=can_reopen_feedback(current_user),
    )


@bp.post("/candidates/<int:candidate_id>/stage")
@login_required
def update_candidate(candidate_id: int) -> ResponseReturnValue:
    """Move the candidate to another stage and keep the team's notes."""
    found = found_candidate(candidate_id)
    if not found.manager:
        abort(403)
    session = db()
    try:
        candidate_store.update_candidate(
            session,
            candidate=found.candidate,
            stage=request.form.get("stage", ""),
            notes=request.form.get("notes", ""),
        )
    except ScoringError as exc:
        session.rollback()
        flash(str(exc))
    else:
        store.audit(
            session,
            user=current_user,
            action="candidate.updated",
            object_type="candidate",
            object_id=candidate_id,
            detail=f"stage {found.candidate.stage}",
            lineage_id=found.record.lineage_id,
        )
        session.commit()
        flash("Stage and notes saved.")
    return redirect(url_for("candidates.candidate", candidate_id=candidate_id))


@bp.post("/candidates/<int:candidate_id>/delete")
@login_required
def delete_candidate(candidate_id: int) -> ResponseReturnValue:
    """Delete the candidate with all their feedback, ratings and personal data."""
    found = found_candidate(candidate_id)
    if not found.manager:
        abort(403)
    if request.form.get("confirm") != "yes":
        flash("Tick the box to confirm that the candidate and all their feedback are deleted.")
        return redirect(url_for("candidates.candidate", candidate_id=candidate_id))
    session = db()
    candidate_store.delete_candidate(
        session, candidate=found.candidate, user=current_user, lineage_id=found.record.lineage_id
    )
    session.commit()
    flash("The candidate, their feedback and their ratings are deleted.")
    return redirect(url_for("candidates.scorecard_candidates", scorecard_id=found.record.id))
