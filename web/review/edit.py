"""The structured scorecard editor: every part as form fields, the invariants live, each save a version.

Each edit names the version it started from (`base_id`); a save after someone else's is refused
with 409 and the typed edits kept, to be re-applied on top of the newer version or abandoned.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from generator.schema import CATEGORIES, Scorecard
from web import store
from web.context import db
from web.hardening import whole_number
from web.models import ScorecardRecord
from web.permissions import can_edit_scorecard
from web.review import bp
from web.review.editor import (
    apply_action,
    check_edit,
    fairness_findings,
    form_to_data,
    jd_lines,
    merge_onto,
    rebalance,
    summarize,
)
from web.store.versions import VersionConflict, head_of, save_version

Data = dict[str, Any]
STALE_FORM = (
    "This form belongs to another scorecard or an old page. Reload the page and edit again."
)


@bp.route("/scorecards/<int:scorecard_id>/edit", methods=["GET", "POST"])
@login_required
def edit(scorecard_id: int) -> ResponseReturnValue:
    """Edit every part of a scorecard in a form; saving stores the next version."""
    record, head = _editable(scorecard_id)
    if request.method == "GET":
        return _page(record, head, record, copy.deepcopy(record.data))
    base = _base(record, request.form.get("base_id", ""))
    action = request.form.get("action", "save")
    data = form_to_data(request.form, base.data)
    if action == "save":
        return _save(record, head, base, data)
    if action.startswith("reapply:"):
        newer = _base(record, action.partition(":")[2])
        return _save(record, head, newer, merge_onto(data, base.data, newer.data))
    if action == "rebalance":
        data, errors, notice = rebalance(data, base.data)
        return _page(record, head, base, data, errors=errors, notice=notice), (
            422 if errors else 200
        )
    try:
        data, notice = apply_action(data, action)
    except ValueError:
        abort(400, STALE_FORM)
    return _page(record, head, base, data, notice=notice)


def _editable(scorecard_id: int) -> tuple[ScorecardRecord, ScorecardRecord]:
    """The version and its lineage's head; 404 if the user may not see it, 403 if not edit it."""
    record = store.get_scorecard(db(), scorecard_id=scorecard_id, viewer=current_user)
    if record is None:
        abort(404)
    head = head_of(db(), lineage_id=record.lineage_id) or record
    # An old version of a scorecard the user may edit opens too: saving it reports the conflict.
    if not (can_edit_scorecard(current_user, record) or can_edit_scorecard(current_user, head)):
        abort(403)
    return record, head


def _base(record: ScorecardRecord, raw_id: str) -> ScorecardRecord:
    base_id = whole_number(raw_id)
    base = db().get(ScorecardRecord, base_id) if base_id is not None else None
    if base is None or base.lineage_id != record.lineage_id:
        abort(400, STALE_FORM)
    return base


def _save(
    record: ScorecardRecord, head: ScorecardRecord, base: ScorecardRecord, data: Data
) -> ResponseReturnValue:
    card, errors = check_edit(data, base=base.data)
    if card is None:
        return _page(record, head, base, data, errors=errors), 422
    if card.to_json_dict() == Scorecard.model_validate(base.data).to_json_dict():
        notice = f"No changes to save: this is the same as version {base.version}."
        return _page(record, head, base, data, notice=notice)
    try:
        saved = save_version(db(), base=base, scorecard=card, author=current_user)
    except VersionConflict as conflict:
        db().rollback()
        return _page(record, conflict.head, base, data, conflict=conflict), 409
    db().commit()
    flash(f"Saved version {saved.version}.")
    return redirect(url_for("scorecards.show", scorecard_id=saved.id))


def _page(
    record: ScorecardRecord,
    head: ScorecardRecord,
    base: ScorecardRecord,
    data: Data,
    *,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
    conflict: VersionConflict | None = None,
) -> str:
    errors = errors or {}
    findings = fairness_findings(data)
    return render_template(
        "review/edit.html",
        record=record,
        head=head,
        base=base,
        data=data,
        errors=errors,
        error_list=error_summary(errors, data),
        findings=findings,
        finding_list=[(p, field_label(p, data), f) for p, fs in findings.items() for f in fs],
        summary=summarize(data),
        jd_lines=jd_lines(data.get("job_description") or {}),
        categories=CATEGORIES,
        levels={lvl.get("score"): lvl.get("label", "") for lvl in data.get("score_levels") or []},
        notice=notice,
        conflict=conflict,
        head_author=store.user_email(db(), user_id=head.author_id or head.owner_id),
        fid=field_id,
    )


def error_summary(errors: dict[str, list[str]], data: Data) -> list[tuple[str, str, str]]:
    """(path, label, message) for the list atop the form: summary keys first, each message once.

    A field's message that an earlier one already says (every weight repeats the total) is left
    out of the list; it still shows at its field.
    """
    ordered = sorted(errors.items(), key=lambda item: not item[0].startswith("_"))
    listed: list[tuple[str, str, str]] = []
    for path, messages in ordered:
        for message in dict.fromkeys(messages):
            if not any(said.startswith(message) for _, _, said in listed):
                listed.append((path, field_label(path, data), message))
    return listed


def field_id(path: str) -> str:
    """The HTML id of the input (or group) a field path names."""
    return "f-" + path.replace(".", "-")


_GROUPS = {
    "competencies": "Competency",
    "questions": "Question",
    "agenda": "Agenda item",
    "candidate_qa": "Candidate Q&A",
}
_PARTS = {
    "_weights": "Weights",
    "_must_have": "Must-haves",
    "_questions": "Questions per competency",
    "_categories": "Question categories",
    "_agenda": "Agenda minutes",
    "_form": "The form",
    "role": "Role",
    "case_study": "Case study",
    "interview_minutes": "Interview length",
    "about": "About this guide",
}


def field_label(path: str, data: Data) -> str:
    """A reader's name for a field path, e.g. “Competency 2 (Communication): rubric level 3”."""
    first, *rest = path.split(".")
    name = _PARTS.get(first, first.replace("_", " ").capitalize())
    if first in _GROUPS and rest and rest[0].isdigit():
        index = int(rest.pop(0))
        name = f"{_GROUPS[first]} {index + 1}"
        items = data.get(first) or []
        item_name = items[index].get("name") if index < len(items) else None
        if first == "competencies" and item_name:
            name += f" ({item_name})"
    words = " ".join(rest).replace("_", " ")
    if first == "competencies" and words == "description":
        words = "definition"
    words = re.sub(r"rubric (\d+) description", lambda m: f"rubric level {int(m[1]) + 1}", words)
    words = re.sub(r" (\d+)$", lambda m: f" line {int(m[1]) + 1}", words)
    return f"{name}: {words}" if words else name
