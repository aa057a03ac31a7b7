"""The scorecard list (search, status, sort, pages) and retiring a whole scorecard: archive or delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from web import store
from web.context import db
from web.models import Role, ScorecardRecord, User, utcnow
from web.permissions import can_generate
from web.scorecards import bp
from web.scorecards.progress import recent_since, unopened
from web.store import lineages
from web.store import versions as version_store
from web.store.jobs import recent_jobs
from web.store.scorecards import SORTS, ScorecardPage, scorecard_page

PER_PAGE = 25
STATUSES = ("draft", "in_review", "approved", "archived")
OPENED = "opened_jobs"  # session key: finished jobs whose result the user has seen
OPENED_KEPT = 20


def remember_opened(job_id: str | None) -> None:
    """Note in the session that the user saw a finished job's result, so it is not announced again."""
    opened = session.get(OPENED, [])
    if job_id and job_id not in opened:
        session[OPENED] = [*opened, job_id][-OPENED_KEPT:]


def _page_number(value: str | None) -> int:
    """The page asked for; anything past the end is clamped to the last page by the caller."""
    if not value or not value.isdigit():
        return 1
    return max(min(int(value[:12]), 10**9), 1)


@bp.get("/scorecards")
@login_required
def listing() -> ResponseReturnValue:
    """Scorecards the user may see: search by title, filter by status, sort and page."""
    query, status = request.args.get("q", "")[:100], request.args.get("status", "")
    status = status if status in STATUSES else ""
    sort = request.args.get("sort", "date")
    sort = sort if sort in SORTS else "date"
    descending = request.args.get("dir", "desc" if sort == "date" else "asc") == "desc"
    page = _page_number(request.args.get("page"))

    def fetch(number: int) -> ScorecardPage:
        return scorecard_page(
            db(),
            viewer=current_user,
            query=query,
            status=status,
            sort=sort,
            descending=descending,
            page=number,
            per_page=PER_PAGE,
        )

    result = fetch(page)
    last_page = max((result.total + PER_PAGE - 1) // PER_PAGE, 1)
    if page > last_page:  # a page past the end shows the last one
        page = last_page
        result = fetch(page)
    recent = recent_jobs(db(), owner=current_user, since=recent_since(utcnow()))
    return render_template(
        "scorecards/list.html",
        rows=result.rows,
        total=result.total,
        first=(page - 1) * PER_PAGE + 1,
        page=page,
        last_page=last_page,
        q=query,
        status=status,
        sort=sort,
        descending=descending,
        statuses=STATUSES,
        can_generate=can_generate(current_user),
        may_retire=lambda record: may_retire(current_user, record),
        recent=unopened(recent, session.get(OPENED, [])),
    )


def may_retire(user: User, record: ScorecardRecord) -> bool:
    """The scorecard's owner and admins archive and delete a whole scorecard."""
    return user.active and (user.role == Role.admin or record.owner_id == user.id)


def _head_to_retire(scorecard_id: int) -> ScorecardRecord:
    """The newest version of the scorecard, if this user may archive or delete it; else 404/403."""
    record = store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=current_user)
    if record is None:
        abort(404)
    head = version_store.head_of(db(), lineage_id=record.lineage_id)
    if head is None:
        abort(404)
    if not may_retire(current_user, head):
        abort(403)
    return head


def _back_to_list() -> ResponseReturnValue:
    target = request.form.get("next", "")
    # Only a path inside the list, never another site.
    if not target.startswith("/scorecards") or target.startswith("//"):
        target = url_for("scorecards.listing")
    return redirect(target)


@bp.post("/scorecards/<int:scorecard_id>/archive-all")
@login_required
def archive_scorecard(scorecard_id: int) -> ResponseReturnValue:
    """Archive every live version of the scorecard; it stays readable and its ratings stay."""
    head = _head_to_retire(scorecard_id)
    if not lineages.archive_lineage(db(), head=head, user=current_user):
        db().rollback()
        flash(f"“{head.title}” was already archived.")
        return _back_to_list()
    db().commit()
    flash(f"“{head.title}” is archived. Find it with the status filter set to Archived.")
    return _back_to_list()


@bp.get("/scorecards/<int:scorecard_id>/delete")
@login_required
def confirm_delete(scorecard_id: int) -> ResponseReturnValue:
    """Ask before deleting: what will go, or why it cannot."""
    head = _head_to_retire(scorecard_id)
    return render_template(
        "scorecards/delete.html",
        head=head,
        candidates=lineages.candidate_count(db(), lineage_id=head.lineage_id),
        next=request.args.get("next", ""),
    )


@bp.post("/scorecards/<int:scorecard_id>/delete")
@login_required
def delete_scorecard(scorecard_id: int) -> ResponseReturnValue:
    """Delete every version of the scorecard, unless candidates were scored against it."""
    head = _head_to_retire(scorecard_id)
    title = head.title
    try:
        lineages.delete_lineage(db(), head=head, user=current_user)
    except lineages.LineageInUse as exc:
        db().rollback()
        flash(str(exc))
        return redirect(url_for("scorecards.confirm_delete", scorecard_id=scorecard_id))
    db().commit()
    flash(f"“{title}” and all its versions were deleted.")
    return _back_to_list()
