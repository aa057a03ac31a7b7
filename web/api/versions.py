"""API routes for a scorecard's versions: list them, diff two, restore an old one."""

from __future__ import annotations

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from generator.schema import Scorecard
from generator.versions import diff_scorecards
from web import store
from web.api import _json_body, bp, fields, token_required
from web.api.review import _conflict, _state, _visible
from web.context import db
from web.generation import FieldError
from web.hardening import MAX_ID, whole_number
from web.models import saved_id
from web.permissions import can_approve, can_edit_scorecard
from web.review import actions
from web.security import error_response
from web.store import versions as version_store
from web.store.versions import VersionConflict


@bp.get("/scorecards/<int:scorecard_id>/versions")
@token_required
def versions(scorecard_id: int) -> ResponseReturnValue:
    """Every version of this scorecard, newest first."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    session = db()
    rows = version_store.list_versions(session, lineage_id=record.lineage_id)
    if g.api_user.role == "interviewer":
        rows = [r for r in rows if r.status == "approved"]
    emails: dict[int, str] = {}
    items = []
    for r in rows:
        author_id = r.author_id or r.owner_id
        if author_id not in emails:
            emails[author_id] = store.user_email(session, user_id=author_id)
        items.append(
            {
                "id": r.id,
                "version": r.version,
                "status": r.status,
                "author": emails[author_id],
                "created_at": r.created_at.isoformat(),
                "summary": r.change_summary or ("Generated" if r.version == 1 else ""),
                "changed_parts": r.changed_parts,
                "is_head": r.is_head,
            }
        )
    return jsonify(lineage_id=record.lineage_id, versions=items)


@bp.get("/scorecards/<int:scorecard_id>/diff")
@token_required
def diff(scorecard_id: int) -> ResponseReturnValue:
    """The difference between versions `from` and `to` of this scorecard, part by part."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    pair = []
    for name in ("from", "to"):
        value = request.args.get(name, "")
        number = whole_number(value)
        if number is None:
            raise FieldError(name, f"Give '{name}' as a version number of this scorecard.")
        found = version_store.version_of(db(), lineage_id=record.lineage_id, version=number)
        if found is None or _visible(saved_id(found)) is None:
            return error_response(404, f"Version {value} of this scorecard was not found.")
        pair.append(found)
    result = diff_scorecards(
        Scorecard.model_validate(pair[0].data), Scorecard.model_validate(pair[1].data)
    )
    return jsonify(
        {"from": pair[0].version, "to": pair[1].version, **result.model_dump(mode="json")}
    )


@bp.post("/scorecards/<int:scorecard_id>/restore")
@token_required
def restore(scorecard_id: int) -> ResponseReturnValue:
    """Save an old version's content as the newest version: `{"version": N}`."""
    record = _visible(scorecard_id)
    if record is None:
        return error_response(404)
    number = fields.whole(_json_body(), "version", bounds=(1, MAX_ID))
    if number is None:
        raise FieldError("version", "Give the version number to restore.")
    session = db()
    head = version_store.head_of(session, lineage_id=record.lineage_id)
    old = version_store.version_of(session, lineage_id=record.lineage_id, version=number)
    if old is None or head is None:
        return error_response(404, f"Version {number} of this scorecard was not found.")
    if not (can_edit_scorecard(g.api_user, head) or can_approve(g.api_user)):
        return error_response(403)
    try:
        new = actions.restore_version(session, head=head, old=old, user=g.api_user)
    except VersionConflict as exc:
        session.rollback()
        return _conflict(exc)
    session.commit()
    return _state(new)
