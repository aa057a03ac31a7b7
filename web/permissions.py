"""Who may do what: role checks and per-object access, in one place."""

from __future__ import annotations

from web.models import Role, ScorecardRecord, User

GENERATORS = {Role.admin, Role.recruiter, Role.hiring_manager}


def can_generate(user: User) -> bool:
    """Admins, recruiters and hiring managers create scorecards."""
    return user.active and user.role in GENERATORS


def can_view_scorecard(user: User, record: ScorecardRecord) -> bool:
    """Admins and hiring managers see every scorecard, recruiters their own, interviewers approved ones."""
    if not user.active:
        return False
    if user.role in {Role.admin, Role.hiring_manager}:
        return True
    if user.role == Role.recruiter:
        return record.owner_id == user.id
    return record.status == "approved"


def can_admin(user: User) -> bool:
    return user.active and user.role == Role.admin
