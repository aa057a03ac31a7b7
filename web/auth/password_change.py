"""Password changes: your own from the profile page, and the one an admin's reset demands.

A user whose password was reset may open no page but "choose a new password" (and log out) until
they have chosen one; the JSON API is left alone, since it answers to tokens and never to sessions.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from web import store
from web.auth import bp, profile_page
from web.auth.credentials import TooManyAttempts, check_credentials
from web.auth.sessions import start_session
from web.context import db
from web.models import User
from web.store import user_admin

WRONG_CURRENT = "Your current password is not right. Type the password you logged in with."
# Pages a user who must choose a new password may still open.
OPEN_WHILE_RESET = {"auth.choose_password", "auth.logout", "auth.login", "static"}


@bp.before_app_request
def send_to_choose_password() -> ResponseReturnValue | None:
    """While an admin's reset is pending, every page sends the user to "choose a new password"."""
    if request.path.startswith("/api/") or request.endpoint in OPEN_WHILE_RESET:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.choose_password"))
    return None


def _new_password_problem() -> str | None:
    """The mismatch between the new password and its confirmation, as a sentence, or None."""
    if request.form.get("new_password", "") != request.form.get("confirm", ""):
        return "The new passwords do not match; type the same new password twice."
    return None


def _save_new_password(user: User, *, action: str) -> str | None:
    """Set the form's new password, end the user's other sessions and keep this one; or the problem."""
    session = db()
    try:
        user_admin.set_password(session, user=user, password=request.form.get("new_password", ""))
    except store.StoreError as exc:
        session.rollback()
        return str(exc)
    store.audit(session, user=user, action=action, object_type="user", object_id=user.id)
    session.commit()
    start_session(user)  # a fresh session of the new generation: this browser stays logged in
    return None


@bp.post("/profile/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Change your own password; a wrong current password counts as a failed login."""
    user = current_user._get_current_object()
    try:
        checked = check_credentials(user.email, request.form.get("current_password", ""))
    except TooManyAttempts as exc:
        return profile_page(password_error=exc.message), 429, {"Retry-After": str(exc.retry_after)}
    problem = (
        WRONG_CURRENT
        if checked is None
        else _new_password_problem() or _save_new_password(user, action="user.password_change")
    )
    if problem:
        return profile_page(password_error=problem), 422
    flash("Your password is changed. Any other sessions of yours have been logged out.")
    return redirect(url_for("auth.profile"))


@bp.route("/password/new", methods=["GET", "POST"])
@login_required
def choose_password() -> ResponseReturnValue:
    """Choose a new password after an admin's reset; nothing else opens until this is done."""
    user = current_user._get_current_object()
    if not user.must_change_password:
        return redirect(url_for("scorecards.index"))
    error = None
    if request.method == "POST":
        error = _new_password_problem() or _save_new_password(
            user, action="user.password_chosen_after_reset"
        )
        if error is None:
            flash("Your new password is saved.")
            return redirect(url_for("scorecards.index"))
    return render_template("auth/choose_password.html", error=error), (422 if error else 200)
