"""User administration: the users page (find, add or invite), role changes, disabling with a
confirmation step, password resets and new invitation links. Admins only.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from web import store
from web.auth import admin_required, bp
from web.context import db, extension
from web.models import Role, User
from web.store import accounts, invitations, user_admin


def _invited_page(user: User, token: str) -> ResponseReturnValue:
    """The one time a new invitation link is shown: the admin copies it to the user."""
    link = url_for("auth.accept_invitation", token=token, _external=True)
    hours = extension()["settings"].invitation_hours
    return render_template("auth/invited.html", user=user, link=link, hours=hours)


def _other_user(user_id: int) -> User:
    """Another user than the admin acting, or 404."""
    user = store.get_user(db(), user_id=user_id)
    if user is None or user.id == current_user.id:
        abort(404)
    return user


@bp.route("/admin/users", methods=["GET", "POST"])
@admin_required
def users() -> ResponseReturnValue:
    """List and filter users; add one with an invitation link (the default) or a typed password."""
    session_db = db()
    error = None
    form = {"email": "", "role": Role.interviewer.value}
    if request.method == "POST":
        form = {"email": request.form.get("email", "")[:254], "role": request.form.get("role", "")}
        password = request.form.get("password", "") or None  # empty: invite instead
        try:
            user = store.create_user(session_db, password=password, **form)
            if password and request.form.get("must_change"):
                user.must_change_password = True
            store.audit(
                session_db,
                user=current_user,
                action="user.create" if password else "user.invite",
                object_type="user",
                object_id=user.id,
                detail=user.role,
            )
            token = None
            if password is None:
                hours = extension()["settings"].invitation_hours
                token, _ = invitations.issue_invitation(
                    session_db, user=user, created_by=current_user, hours=hours
                )
            session_db.commit()
        except store.StoreError as exc:
            session_db.rollback()
            error = str(exc)
        else:
            if token:
                return _invited_page(user, token)
            flash(f"Created {user.email}.")
            return redirect(url_for("auth.users"))
    query, only_role = request.args.get("q", "")[:254], request.args.get("only_role", "")
    found = user_admin.find_users(session_db, email_contains=query, role=only_role)
    return render_template(
        "auth/users.html",
        users=found,
        pending=invitations.pending_invitations(session_db, user_ids=[u.id for u in found if u.id]),
        awaits_invitation=invitations.awaits_invitation,
        now=accounts.utcnow(),
        roles=list(Role),
        form=form,
        query=query,
        only_role=only_role,
        hours=extension()["settings"].invitation_hours,
        error=error,
    ), (422 if error else 200)


@bp.post("/admin/users/<int:user_id>")
@admin_required
def update_user(user_id: int) -> ResponseReturnValue:
    """Change a user's role or disable/enable the account (disabling ends its sessions)."""
    session_db = db()
    if user_id == current_user.id:
        flash("You cannot change your own role or disable yourself; ask another admin.")
        return redirect(url_for("auth.users"))
    active = {"enable": True, "disable": False}.get(request.form.get("action", ""))
    if store.get_user(session_db, user_id=user_id) is None:
        abort(404)
    try:
        user = store.update_user(
            session_db, user_id=user_id, role=request.form.get("role") or None, active=active
        )
    except store.StoreError as exc:
        session_db.rollback()
        flash(str(exc))
        return redirect(url_for("auth.users"))
    store.audit(
        session_db,
        user=current_user,
        action="user.update",
        object_type="user",
        object_id=user_id,
        detail=f"role={user.role} active={user.active}",
    )
    session_db.commit()
    flash(f"Updated {user.email}.")
    return redirect(url_for("auth.users"))


@bp.get("/admin/users/<int:user_id>/disable")
@admin_required
def confirm_disable(user_id: int) -> ResponseReturnValue:
    """Ask before disabling: the confirm button posts the change, Cancel goes back."""
    return render_template("auth/confirm_disable.html", user=_other_user(user_id))


@bp.route("/admin/users/<int:user_id>/password", methods=["GET", "POST"])
@admin_required
def reset_password(user_id: int) -> ResponseReturnValue:
    """Make a user choose a new password at next login, optionally with a temporary one."""
    session_db = db()
    user = _other_user(user_id)
    error = None
    if request.method == "POST":
        temporary = request.form.get("temporary", "") or None
        if request.form.get("mode") != "temporary":
            temporary = None
        if temporary is None and invitations.awaits_invitation(user):
            error = "This user has not chosen a password yet: give them a new invitation link."
        elif request.form.get("mode") == "temporary" and temporary is None:
            error = "Type the temporary password to give the user, or choose the other option."
        else:
            try:
                user_admin.reset_password(session_db, user_id=user_id, temporary=temporary)
            except store.StoreError as exc:
                session_db.rollback()
                error = str(exc)
        if error is None:
            detail = "temporary password" if temporary else "must change at next login"
            store.audit(
                session_db,
                user=current_user,
                action="user.password_reset",
                object_type="user",
                object_id=user_id,
                detail=detail,
            )
            session_db.commit()
            flash(f"{user.email} must choose a new password at their next login.")
            return redirect(url_for("auth.users"))
    return render_template("auth/reset_password.html", user=user, error=error), (
        422 if error else 200
    )


@bp.post("/admin/users/<int:user_id>/invitation")
@admin_required
def reissue_invitation(user_id: int) -> ResponseReturnValue:
    """A new invitation link for a user who has not accepted theirs; the old link stops working."""
    session_db = db()
    user = _other_user(user_id)
    if not invitations.awaits_invitation(user) or not user.active:
        flash(f"{user.email} has already chosen a password; reset it instead.")
        return redirect(url_for("auth.users"))
    hours = extension()["settings"].invitation_hours
    token, _ = invitations.issue_invitation(
        session_db, user=user, created_by=current_user, hours=hours
    )
    store.audit(
        session_db, user=current_user, action="user.invite", object_type="user", object_id=user_id
    )
    session_db.commit()
    return _invited_page(user, token)
