"""Regenerating one part: ask with an instruction, watch progress, accept or discard the proposal."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.schema import Scorecard
from generator.versions import diff_scorecards
from web.context import db
from web.generation import FieldError, available_models
from web.models import Regeneration, ScorecardRecord
from web.permissions import can_approve, can_edit_scorecard
from web.review import actions, bp
from web.review.pages import back, reviewer_step, visible
from web.store import regenerations as regen_store
from web.store.versions import VersionConflict


@bp.route("/scorecards/<int:scorecard_id>/regenerate", methods=["GET", "POST"])
@login_required
def regenerate(scorecard_id: int) -> ResponseReturnValue:
    """Ask for one part to be rewritten, with an instruction; the result is a proposal."""
    record = reviewer_step(scorecard_id, lambda r: can_edit_scorecard(current_user, r))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            job = actions.start_regeneration(
                db(),
                record=record,
                user=current_user,
                part=request.form.get("part", ""),
                instruction=request.form.get("instruction", ""),
                model=request.form.get("model") or None,
            )
        except FieldError as exc:
            errors[exc.field] = str(exc)
        else:
            return redirect(url_for("review.proposal", job_id=job.id))
    card = Scorecard.model_validate(record.data)
    return render_template(
        "review/regenerate.html",
        record=record,
        card=card,
        form=request.form,
        errors=errors,
        models=available_models(),
    ), (422 if errors else 200)


def _own_regeneration(job_id: str) -> tuple[Regeneration, ScorecardRecord]:
    job = regen_store.get_regeneration(db(), job_id=job_id)
    if job is None:
        abort(404)
    record = visible(job.scorecard_id)
    if job.requested_by != current_user.id and not can_approve(current_user):
        abort(404)
    return job, record


@bp.get("/regenerations/<job_id>")
@login_required
def proposal(job_id: str) -> ResponseReturnValue:
    """Progress while the part is rewritten, then the proposed change as a diff to accept or discard."""
    job, record = _own_regeneration(job_id)
    changes = None
    if job.proposal is not None:
        changes = diff_scorecards(
            Scorecard.model_validate(record.data), Scorecard.model_validate(job.proposal)
        )
    return render_template(
        "review/proposal.html",
        job=job,
        record=record,
        diff=changes,
        what=actions.describe_part(record, job.part),
    )


@bp.get("/regenerations/<job_id>/status")
@login_required
def proposal_status(job_id: str) -> ResponseReturnValue:
    """The regeneration's status as JSON, for the progress script."""
    job, _record = _own_regeneration(job_id)
    return jsonify(
        status=job.status,
        progress=job.progress,
        stage=job.stage,
        error=job.error,
        scorecard_url=url_for("review.proposal", job_id=job.id) if job.proposal else None,
    )


@bp.post("/regenerations/<job_id>/<decision>")
@login_required
def decide(job_id: str, decision: str) -> ResponseReturnValue:
    """Accept the proposal as a new version, or discard it."""
    job, record = _own_regeneration(job_id)
    if decision not in ("accept", "discard"):
        abort(404)
    if not can_edit_scorecard(current_user, record):
        abort(403)
    session = db()
    try:
        if decision == "discard":
            actions.discard_regeneration(session, job=job, user=current_user)
            session.commit()
            flash("Proposal discarded; the scorecard is unchanged.")
            return back(record)
        new = actions.accept_regeneration(session, job=job, user=current_user)
    except (actions.ProposalError, VersionConflict) as exc:
        session.rollback()
        flash(str(exc))
        return redirect(url_for("review.proposal", job_id=job.id))
    session.commit()
    flash(f"Accepted: saved as version {new.version}.")
    return redirect(url_for("scorecards.show", scorecard_id=new.id))
