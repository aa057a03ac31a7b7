"""Recruiters' pages: generate a scorecard, watch its progress, read, list and export it."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.schema import Scorecard
from web import store
from web.context import db
from web.exports import FORMATS, export
from web.generation import (
    FieldError,
    KeyReused,
    available_models,
    idempotency_key,
    job_description_text,
    max_jd_chars,
    parse_options,
    start_generation,
)
from web.models import GenerationJob, JobStatus, ScorecardRecord
from web.permissions import can_generate
from web.review.panel import review_context
from web.scorecards.progress import checklist, checklist_json
from web.tasks import waiting_notice

bp = Blueprint("scorecards", __name__)

# The list and retiring whole scorecards live in their own module, registered on this blueprint.
from web.scorecards import listing  # noqa: E402


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send visitors to setup, login or their scorecards."""
    if store.count_users(db()) == 0:
        return redirect(url_for("auth.setup"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("scorecards.listing"))


@bp.route("/scorecards/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    """Paste or upload a job description and choose options; generation runs in the background.

    The form carries a token made when it is shown, so sending it twice (a double click, a slow
    connection) opens the first job instead of starting another.
    """
    if not can_generate(current_user):
        abort(403)
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    token = _form_token(form.get("request_token"))
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read() if upload and upload.filename else None
        try:
            text = job_description_text(
                text=form.get("job_description"),
                upload=data,
                filename=upload.filename if upload else None,
            )
            options = parse_options({**form, "values": form.get("values", "")})
            job = start_generation(
                user=current_user,
                text=text,
                filename=upload.filename if upload and data else None,
                options=options,
                model=form.get("model", "offline"),
                key=token if form.get("request_token") else None,
            )
        except KeyReused:
            errors["form"] = (
                "This form was already sent with different content. Check your scorecards, "
                "or send it again to start a new one."
            )
            token = _form_token(None)
        except FieldError as exc:
            errors[exc.field] = str(exc)
        else:
            return redirect(url_for("scorecards.job", job_id=job.id))
    return render_template(
        "scorecards/new.html",
        form=form,
        errors=errors,
        models=available_models(),
        token=token,
        max_chars=max_jd_chars(),
    ), (422 if errors else 200)


def _form_token(sent: str | None) -> str:
    """The form's idempotency token: the one it was sent with, or a fresh random one."""
    try:
        return idempotency_key(sent, field="request_token") or secrets.token_urlsafe(24)
    except FieldError:
        return secrets.token_urlsafe(24)


def _own_job(job_id: str) -> GenerationJob:
    job = store.get_job(db(), job_id=job_id)
    if job is None or (job.owner_id != current_user.id and current_user.role != "admin"):
        abort(404)
    return job


@bp.get("/jobs/<job_id>")
@login_required
def job(job_id: str) -> ResponseReturnValue:
    """The progress page; it polls the status and lands on the scorecard, or shows why it failed."""
    record = _own_job(job_id)
    jd = store.get_job_description(db(), jd_id=record.job_description_id)
    scorecard = store.scorecard_for_job(db(), job_id=job_id)
    if record.status == JobStatus.failed:
        listing.remember_opened(record.id)
    return render_template(
        "scorecards/job.html",
        job=record,
        jd=jd,
        stages=checklist(record),
        notice=waiting_notice(record),
        scorecard_url=url_for("scorecards.show", scorecard_id=scorecard.id) if scorecard else None,
    )


@bp.get("/jobs/<job_id>/status")
@login_required
def job_status(job_id: str) -> ResponseReturnValue:
    """The job's status as JSON, for the progress page."""
    record = _own_job(job_id)
    scorecard = store.scorecard_for_job(db(), job_id=job_id)
    return jsonify(
        status=record.status,
        progress=record.progress,
        stage=record.stage,
        stages=checklist_json(record),
        error=record.error,
        notice=waiting_notice(record),
        scorecard_url=url_for("scorecards.show", scorecard_id=scorecard.id) if scorecard else None,
    )


def _visible(scorecard_id: int) -> ScorecardRecord:
    record = store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=current_user)
    if record is None:
        abort(404)
    return record


@bp.get("/scorecards/<int:scorecard_id>")
@login_required
def show(scorecard_id: int) -> ResponseReturnValue:
    """The scorecard laid out like the interview guide, printable."""
    record = _visible(scorecard_id)
    card = Scorecard.model_validate(record.data)
    if record.owner_id == current_user.id:
        listing.remember_opened(record.generation_job_id)
    return render_template(
        "scorecards/show.html",
        record=record,
        card=card,
        names={c.id: c.name for c in card.competencies},
        owner=store.user_email(db(), user_id=record.owner_id),
        author=store.user_email(db(), user_id=record.author_id or record.owner_id),
        formats=FORMATS,
        may_retire=listing.may_retire(current_user, record),
        review=review_context(db(), record=record, card=card, user=current_user),
    )


@bp.get("/scorecards/<int:scorecard_id>/export/<fmt>")
@login_required
def download(scorecard_id: int, fmt: str) -> ResponseReturnValue:
    """Download as Markdown, JSON, Excel or PDF, named after the role."""
    if fmt not in FORMATS:
        abort(404)
    record = _visible(scorecard_id)
    body, mimetype, filename = export(Scorecard.model_validate(record.data), fmt)
    store.audit(
        db(),
        user=current_user,
        action="scorecard.exported",
        object_type="scorecard",
        object_id=record.id,
        detail=f"v{record.version} as {fmt}",
        lineage_id=record.lineage_id,
    )
    db().commit()
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
