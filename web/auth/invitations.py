"""Accepting an invitation: the invitee chooses a password through the link and is logged in.

The link works once and until it expires; after that the page says to ask the admin for a new one.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import store
from web.auth import bp
from web.auth.sessions import start_session
from web.context import db
from web.store import invitations


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    """Choose a password with a one-time link, then carry on logged in."""
    session_db = db()
    invitation = invitations.usable_invitation(session_db, token=token)
    user = store.get_user(session_db, user_id=invitation.user_id) if invitation else None
    if user is None or not user.active:
        return render_template("auth/invitation_expired.html"), 410
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("confirm", ""):
            error = "The passwords do not match; type the same password twice."
        else:
            try:
                user = invitations.accept_invitation(session_db, token=token, password=password)
            except store.StoreError as exc:
                session_db.rollback()
                error = str(exc)
                if error == invitations.EXPIRED:  # used a moment ago by another request
                    return render_template("auth/invitation_expired.html"), 410
            else:
                store.audit(
                    session_db,
                    user=user,
                    action="user.invitation_accept",
                    object_type="user",
                    object_id=user.id,
                )
                session_db.commit()
                start_session(user)
                flash("Your password is set and you are logged in.")
                return redirect(url_for("scorecards.index"))
    return render_template("auth/invitation.html", email=user.email, error=error), (
        422 if error else 200
    )
