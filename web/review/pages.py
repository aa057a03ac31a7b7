"""Review pages: history and diffs, submit/approve/request changes, comments, fairness overrides,
restore, start-from-this, and regenerating one part with a proposal to accept or discard."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.schema import Scorecard
from generator.versions import diff_scorecards
from web import store
from web.auth import admin_required
from web.context import db
from web.generation import FieldError
from web.hardening import whole_number
from web.models import ScorecardRecord, saved_id
from web.permissions import (
    can_approve,
    can_comment,
    can_edit_scorecard,
    can_generate,
    can_submit_for_review,
)
from web.review import actions, bp
from web.store import review as review_store
from web.store import versions as version_store
from web.store.review import ReviewStateError
from web.store.versions import VersionConflict

AUDIT_PAGES = 1_000_000  # pages of 100 events; past it the offset would leave the database's range


def visible(scorecard_id: int) -> ScorecardRecord:
    """The version if the user may see it; 404 otherwise."""
    record = store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=current_user)
    if record is None:
        abort(404)
    return record


def back(record: ScorecardRecord) -> ResponseReturnValue:
    return redirect(url_for("scorecards.show", scorecard_id=record.id))


@bp.get("/scorecards/<int:scorecard_id>/history")
@login_required
def history(scorecard_id: int) -> ResponseReturnValue:
    """Every version with author, time, status and what changed; pick two to compare."""
    record = visible(scorecard_id)
    session = db()
    versions = version_store.list_versions(session, lineage_id=record.lineage_id)
    if current_user.role == "interviewer":
        versions = [v for v in versions if v.status == "approved"]
    authors = {v.id: store.user_email(session, user_id=v.author_id or v.owner_id) for v in versions}
    trail = review_store.audit_trail(session, lineage_id=record.lineage_id, limit=100)
    return render_template(
        "review/history.html",
        record=record,
        versions=versions,
        authors=authors,
        trail=trail if current_user.role != "interviewer" else [],
        can_restore=can_edit_scorecard(current_user, record) or can_approve(current_user),
    )


@bp.get("/scorecards/<int:scorecard_id>/diff")
@login_required
def diff(scorecard_id: int) -> ResponseReturnValue:
    """Two versions part by part: added, removed and changed competencies, weights, rubrics, questions."""
    record = visible(scorecard_id)
    old, new = _pair(record, request.args.get("from"), request.args.get("to"))
    changes = diff_scorecards(
        Scorecard.model_validate(old.data), Scorecard.model_validate(new.data)
    )
    return render_template("review/diff.html", record=record, old=old, new=new, diff=changes)


def _pair(record: ScorecardRecord, start: str | None, end: str | None):  # type: ignore[no-untyped-def]
    """The two versions named by number (default: the parent of this version, and this one)."""
    session = db()

    def find(number: str | None, default: ScorecardRecord | None) -> ScorecardRecord:
        if number is None or number == "":
            if default is None:
                abort(404)
            return default
        version = whole_number(number)
        if version is None:
            abort(404)
        found = version_store.version_of(session, lineage_id=record.lineage_id, version=version)
        if (
            found is None
            or store.get_scorecard(session, scorecard_id=saved_id(found), viewer=current_user)
            is None
        ):
            abort(404)
        return found

    parent = session.get(ScorecardRecord, record.parent_id) if record.parent_id else None
    return find(start, parent or record), find(end, record)


def reviewer_step(scorecard_id: int, allowed) -> ScorecardRecord:  # type: ignore[no-untyped-def]
    record = visible(scorecard_id)
    if not allowed(record):
        abort(403)
    return record


@bp.post("/scorecards/<int:scorecard_id>/submit")
@login_required
def submit(scorecard_id: int) -> ResponseReturnValue:
    """Send the latest draft to the hiring manager for review."""
    record = reviewer_step(scorecard_id, lambda r: can_submit_for_review(current_user, r))
    try:
        review_store.submit_for_review(db(), record=record, user=current_user)
    except ReviewStateError as exc:
        flash(str(exc))
        return back(record)
    db().commit()
    flash(f"Version {record.version} was sent for review.")
    return back(record)


@bp.post("/scorecards/<int:scorecard_id>/approve")
@login_required
def approve(scorecard_id: int) -> ResponseReturnValue:
    """Approve the version; interviewers use it from now on."""
    record = reviewer_step(scorecard_id, lambda r: can_approve(current_user))
    try:
        actions.approve_version(db(), record=record, user=current_user)
    except (ReviewStateError, actions.OpenFindings) as exc:
        db().rollback()
        flash(str(exc))
        return back(record)
    db().commit()
    flash(f"Version {record.version} is approved; interviewers now use it.")
    return back(record)


@bp.post("/scorecards/<int:scorecard_id>/request-changes")
@login_required
def request_changes(scorecard_id: int) -> ResponseReturnValue:
    """Return a version in review to draft with a comment saying what to change."""
    record = reviewer_step(scorecard_id, lambda r: can_approve(current_user))
    comment = request.form.get("comment", "").strip()
    if not comment:
        flash("Say what should change before returning the scorecard.")
        return back(record)
    try:
        review_store.request_changes(db(), record=record, user=current_user, comment=comment)
    except ReviewStateError as exc:
        flash(str(exc))
        return back(record)
    db().commit()
    flash("Changes requested; the scorecard is a draft again.")
    return back(record)


@bp.post("/scorecards/<int:scorecard_id>/archive")
@login_required
def archive(scorecard_id: int) -> ResponseReturnValue:
    """Retire a version (it stays in the history)."""
    record = reviewer_step(scorecard_id, lambda r: can_approve(current_user))
    review_store.archive(db(), record=record, user=current_user)
    db().commit()
    flash(f"Version {record.version} is archived.")
    return back(record)


@bp.post("/scorecards/<int:scorecard_id>/restore/<int:version>")
@login_required
def restore(scorecard_id: int, version: int) -> ResponseReturnValue:
    """Save an old version's content as the newest version."""
    record = visible(scorecard_id)
    session = db()
    head = version_store.head_of(session, lineage_id=record.lineage_id)
    old = version_store.version_of(session, lineage_id=record.lineage_id, version=version)
    if old is None or head is None:
        abort(404)
    if not (can_edit_scorecard(current_user, head) or can_approve(current_user)):
        abort(403)
    try:
        new = actions.restore_version(session, head=head, old=old, user=current_user)
    except VersionConflict as exc:
        flash(str(exc))
        return redirect(url_for("review.history", scorecard_id=record.id))
    session.commit()
    flash(f"Version {old.version} was restored as version {new.version}.")
    return redirect(url_for("scorecards.show", scorecard_id=new.id))


@bp.post("/scorecards/<int:scorecard_id>/copy")
@login_required
def copy(scorecard_id: int) -> ResponseReturnValue:
    """Start a new scorecard for another opening from this approved one."""
    record = visible(scorecard_id)
    if not can_generate(current_user) or record.status not in ("approved", "archived"):
        abort(403)
    new = version_store.copy_as_new(db(), source=record, owner=current_user)
    db().commit()
    flash("A new draft was started from this scorecard; edit it for the new opening.")
    return redirect(url_for("scorecards.show", scorecard_id=new.id))


@bp.post("/scorecards/<int:scorecard_id>/comments")
@login_required
def comment(scorecard_id: int) -> ResponseReturnValue:
    """Comment on a part of the scorecard."""
    record = reviewer_step(scorecard_id, lambda r: can_comment(current_user, r))
    body = request.form.get("body", "").strip()
    if not body:
        flash("Write a comment before posting it.")
        return back(record)
    review_store.add_comment(
        db(), record=record, user=current_user, body=body, part=request.form.get("part", "general")
    )
    db().commit()
    flash("Comment added.")
    return redirect(url_for("scorecards.show", scorecard_id=record.id, _anchor="comments"))


@bp.post("/scorecards/<int:scorecard_id>/comments/<int:comment_id>/resolve")
@login_required
def resolve(scorecard_id: int, comment_id: int) -> ResponseReturnValue:
    """Mark a comment resolved."""
    record = reviewer_step(scorecard_id, lambda r: can_comment(current_user, r))
    if (
        review_store.resolve_comment(
            db(), lineage_id=record.lineage_id, comment_id=comment_id, user=current_user
        )
        is None
    ):
        abort(404)
    db().commit()
    return redirect(url_for("scorecards.show", scorecard_id=record.id, _anchor="comments"))


@bp.post("/scorecards/<int:scorecard_id>/fairness/override")
@login_required
def override(scorecard_id: int) -> ResponseReturnValue:
    """Keep a flagged text on purpose, with a reason that goes to the audit trail."""
    record = reviewer_step(scorecard_id, lambda r: can_approve(current_user))
    try:
        actions.override_finding(
            db(),
            record=record,
            user=current_user,
            key=request.form.get("key", ""),
            reason=request.form.get("reason", ""),
        )
    except FieldError as exc:
        flash(str(exc))
        return redirect(url_for("scorecards.show", scorecard_id=record.id, _anchor="fairness"))
    db().commit()
    flash("Override recorded.")
    return redirect(url_for("scorecards.show", scorecard_id=record.id, _anchor="fairness"))


# Audit -----------------------------------------------------------------------------------------


@bp.get("/admin/audit")
@admin_required
def audit_log() -> ResponseReturnValue:
    """Every audited event, newest first (admins)."""
    page = whole_number(request.args.get("page"), high=AUDIT_PAGES) or 1
    trail = review_store.audit_trail(db(), limit=100, offset=(page - 1) * 100)
    return render_template("review/audit.html", trail=trail, page=page)
