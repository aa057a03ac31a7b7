"""Accounts: first-run setup, login and logout, profile tokens, and user administration.

User administration is in `admin`, invitation links in `invitations`, and password changes (own,
and the one an admin's reset demands) in `password_change`.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from web import store
from web.auth.credentials import BAD_CREDENTIALS, TooManyAttempts, check_credentials
from web.auth.redirects import same_site_path
from web.auth.sessions import end_session, start_session
from web.context import db
from web.models import Role
from web.permissions import can_admin
from web.store import accounts

bp = Blueprint("auth", __name__)


def admin_required(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not can_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/setup", methods=["GET", "POST"])
def setup():  # type: ignore[no-untyped-def]
    """Create the first admin account: only while no user exists, and only once however many race."""
    session_db = db()
    if store.count_users(session_db) > 0:
        abort(404)
    error = None
    email = request.form.get("email", "")[: accounts.MAX_EMAIL]
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("confirm", ""):
            error = "The passwords do not match; type the same password twice."
        else:
            # A fresh transaction, so SQLite takes its write lock without a stale read snapshot.
            session_db.rollback()
            try:
                if not accounts.claim_setup(session_db):
                    session_db.rollback()
                    flash("The admin account has just been created; log in with it.")
                    return redirect(url_for("auth.login"))
                user = store.create_user(
                    session_db,
                    email=request.form.get("email", ""),
                    password=password,
                    role=Role.admin,
                )
                store.audit(
                    session_db,
                    user=user,
                    action="user.setup_admin",
                    object_type="user",
                    object_id=user.id,
                )
                session_db.commit()
            except store.StoreError as exc:
                session_db.rollback()  # and with it the claim, so setup can be tried again
                error = str(exc)
            else:
                start_session(user)
                flash("Your admin account is ready.")
                return redirect(url_for("scorecards.new"))
    return render_template("auth/setup.html", error=error, email=email), (422 if error else 200)


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """Log in with email and password; repeated failures are limited (see web/auth/credentials)."""
    session_db = db()
    if store.count_users(session_db) == 0:
        return redirect(url_for("auth.setup"))
    error = None
    email = request.form.get("email", "")[: accounts.MAX_EMAIL]
    if request.method == "POST":
        try:
            user = check_credentials(
                request.form.get("email", ""), request.form.get("password", "")
            )
        except TooManyAttempts as exc:
            page = render_template("auth/login.html", error=exc.message, email=email)
            return page, 429, {"Retry-After": str(exc.retry_after)}
        if user is None:
            error = BAD_CREDENTIALS
        else:
            store.audit(
                session_db, user=user, action="user.login", object_type="user", object_id=user.id
            )
            session_db.commit()
            start_session(user)
            if user.must_change_password:
                return redirect(url_for("auth.choose_password"))
            target = same_site_path(request.args.get("next", ""))
            return redirect(target or url_for("scorecards.index"))
    return render_template("auth/login.html", error=error, email=email), (401 if error else 200)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    """End the session, and every other session of the user (a copied cookie stops working too)."""
    end_session(current_user)
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():  # type: ignore[no-untyped-def]
    """The user's profile: create and revoke personal API tokens (the password form posts elsewhere)."""
    session_db = db()
    new_token = None
    if request.method == "POST":
        if request.form.get("action") == "revoke":
            token_id = request.form.get("token_id", "")
            if not token_id.isdigit() or not store.revoke_token(
                session_db, user_id=current_user.id, token_id=int(token_id)
            ):
                abort(404)
            store.audit(
                session_db,
                user=current_user,
                action="token.revoke",
                object_type="token",
                object_id=token_id,
            )
            flash("Token revoked.")
        else:
            new_token, token = store.create_token(
                session_db, user=current_user, name=request.form.get("name", "")
            )
            store.audit(
                session_db,
                user=current_user,
                action="token.create",
                object_type="token",
                object_id=token.id,
            )
        session_db.commit()
    return profile_page(new_token=new_token)


def profile_page(*, new_token: str | None = None, password_error: str | None = None) -> str:
    """The profile page: the password form (with any error) and the API tokens."""
    tokens = store.list_tokens(db(), user_id=current_user.id)
    return render_template(
        "auth/profile.html", tokens=tokens, new_token=new_token, password_error=password_error
    )


# The other account pages register their routes on this blueprint.
from web.auth import admin, invitations, password_change  # noqa: E402

__all__ = ["admin", "admin_required", "bp", "invitations", "password_change"]
