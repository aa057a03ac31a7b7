"""Managers' pages: candidate comparison with calibration, deciding (closing scoring), exports and the
scoring workbook's round trip for interviewers."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.errors import InputError
from generator.render.comparison import comparison_csv, comparison_xlsx
from generator.render.xlsx import to_xlsx
from generator.render.xlsx_import import WorkbookColumn, read_scoring_workbook
from generator.scoring import PanelRating
from web import store
from web.candidates import bp
from web.candidates.access import card_of, managed_scorecard
from web.candidates.pages import found_candidate
from web.candidates.present import RECOMMENDATION_LABELS
from web.candidates.scoring import render_form
from web.candidates.standings import standings
from web.context import db
from web.exports import filename_for
from web.models import ScorecardRecord
from web.store import feedback as feedback_store
from web.store.candidates import ScoringError
from web.store.feedback import RatingInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _managed(scorecard_id: int) -> ScorecardRecord:
    record = managed_scorecard(db(), scorecard_id=scorecard_id, user=current_user)
    if record is None:
        abort(404)
    return record


@bp.get("/scorecards/<int:scorecard_id>/comparison")
@login_required
def comparison(scorecard_id: int) -> ResponseReturnValue:
    """Candidates side by side: means, weighted totals, knockouts, rank, disagreements and calibration."""
    record = _managed(scorecard_id)
    found = standings(db(), record=record, user=current_user, with_evidence=True)
    evidence: dict[tuple[int, str], list[PanelRating]] = {}
    flagged = {(s.candidate_id, cid) for s in found.ranking.candidates for cid in s.disagreements}
    for rating in found.ratings:
        if (rating.candidate_id, rating.competency_id) in flagged:
            evidence.setdefault((rating.candidate_id, rating.competency_id), []).append(rating)
    card = card_of(record)
    return render_template(
        "candidates/comparison.html",
        record=record,
        card=card,
        found=found,
        ranking=found.ranking,
        evidence=evidence,
        labels=RECOMMENDATION_LABELS,
        names={c.id: c.name for c in card.competencies},
        closed_by=store.user_email(db(), user_id=record.scoring_closed_by)
        if record.scoring_closed_by
        else None,
    )


@bp.post("/scorecards/<int:scorecard_id>/close")
@login_required
def close_scoring(scorecard_id: int) -> ResponseReturnValue:
    """Decide: mark the scoring complete; every feedback on this scorecard version is locked."""
    record = _managed(scorecard_id)
    session = db()
    try:
        feedback_store.close_scoring(session, record=record, user=current_user)
        session.commit()
    except ScoringError as exc:
        session.rollback()
        flash(str(exc))
    else:
        flash("Scoring is closed; all feedback on this scorecard is locked.")
    return redirect(url_for("candidates.comparison", scorecard_id=scorecard_id))


@bp.get("/scorecards/<int:scorecard_id>/comparison.<fmt>")
@login_required
def export_comparison(scorecard_id: int, fmt: str) -> ResponseReturnValue:
    """The comparison as a workbook with live formulas (knockouts highlighted) or as CSV."""
    if fmt not in {"xlsx", "csv"}:
        abort(404)
    record = _managed(scorecard_id)
    session = db()
    found = standings(session, record=record, user=current_user, with_evidence=True)
    card = card_of(record)
    if fmt == "xlsx":
        body: bytes = comparison_xlsx(card, found.ranking, found.ratings)
        mimetype = XLSX
    else:
        body, mimetype = (
            comparison_csv(card, found.ranking).encode("utf-8"),
            "text/csv; charset=utf-8",
        )
    store.audit(
        session,
        user=current_user,
        action="candidate.exported",
        object_type="scorecard",
        object_id=record.id,
        detail=f"comparison as {fmt}",
        lineage_id=record.lineage_id,
    )
    session.commit()
    name = filename_for(card, fmt).replace("-scorecard.", "-comparison.")
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/candidates/<int:candidate_id>/workbook")
@login_required
def workbook(candidate_id: int) -> ResponseReturnValue:
    """The scoring workbook with this candidate's name on the scoring sheet, to fill in offline."""
    found = found_candidate(candidate_id)
    body = to_xlsx(found.card, candidates=[found.candidate.name])
    name = filename_for(found.card, "xlsx")
    return Response(
        body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _column_for(columns: list[WorkbookColumn], name: str) -> WorkbookColumn:
    """The workbook column that holds this candidate's ratings: the one named after them, or the only one filled."""
    filled = [c for c in columns if c.ratings]
    named = [
        c for c in filled if " ".join(str(c.header or "").split()).casefold() == name.casefold()
    ]
    if len(named) == 1:
        return named[0]
    if len(filled) == 1:
        return filled[0]
    if not filled:
        raise ScoringError(
            "The workbook has no ratings; enter levels 1-5 in the candidate's column.",
            field="workbook",
        )
    letters = ", ".join(str(c.column) for c in filled)
    raise ScoringError(
        f"The workbook has ratings in columns {letters}; keep only the column headed {name!r}.",
        field="workbook",
    )


@bp.post("/candidates/<int:candidate_id>/workbook")
@login_required
def upload_workbook(candidate_id: int) -> ResponseReturnValue:
    """Read the ratings of a filled-in scoring workbook into the uploader's draft (evidence is kept)."""
    found = found_candidate(candidate_id)
    if found.member is None:
        abort(404)
    upload = request.files.get("workbook")
    data = upload.read() if upload and upload.filename else b""
    session = db()
    try:
        if not data:
            raise ScoringError("Choose the filled-in workbook (.xlsx) to upload.", field="workbook")
        try:
            columns = read_scoring_workbook(data, found.card)
        except InputError as exc:
            cells = getattr(exc, "cells", None) or []
            problems = [("workbook", f"Cell {address}: {message}") for address, message in cells]
            raise ScoringError(str(exc), field="workbook", problems=problems or None) from None
        column = _column_for(columns, found.candidate.name)
        ratings = [RatingInput(cid, score, "") for cid, score in column.ratings.items()]
        feedback_store.save_draft(
            session,
            record=found.record,
            candidate_id=candidate_id,
            interviewer_id=current_user.id,
            ratings=ratings,
            recommendation=None,
            merge=True,
        )
        session.commit()
    except ScoringError as exc:
        session.rollback()
        if exc.status == 409:
            flash(str(exc))
            return redirect(url_for("candidates.candidate", candidate_id=candidate_id))
        return render_form(
            found,
            errors={"workbook": str(exc)},
            status=422,
            upload_problems=[m for _, m in exc.problems],
        )
    flash(
        f"Read {len(ratings)} rating(s) from column {column.column} into your draft. Write the evidence "
        f"for each (at least 20 characters) and submit."
    )
    return redirect(url_for("candidates.score", candidate_id=candidate_id))
