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


# Review ----------------------------------------------------------------------------------------

REVIEWERS = {Role.admin, Role.hiring_manager}


def can_edit_scorecard(user: User, record: ScorecardRecord) -> bool:
    """Hiring managers and admins edit any scorecard; recruiters their own drafts.

    Editing an approved version saves a new draft; the approved one stays in use until the next
    approval.
    """
    if not user.active:
        return False
    if user.role in REVIEWERS:
        return record.status != "archived"
    return user.role == Role.recruiter and record.owner_id == user.id and record.status == "draft"


def can_submit_for_review(user: User, record: ScorecardRecord) -> bool:
    """The owner, hiring managers and admins send a draft for review."""
    if not user.active or record.status != "draft":
        return False
    return user.role in REVIEWERS or (user.role == Role.recruiter and record.owner_id == user.id)


def can_approve(user: User) -> bool:
    """Hiring managers and admins approve and request changes."""
    return user.active and user.role in REVIEWERS


def can_comment(user: User, record: ScorecardRecord) -> bool:
    """Anyone who may edit or review a scorecard may comment on it."""
    return can_approve(user) or (user.role == Role.recruiter and record.owner_id == user.id)


# Candidates and scoring ------------------------------------------------------------------------


def can_manage_candidates(user: User, record: ScorecardRecord) -> bool:
    """Hiring managers and admins manage every scorecard's candidates; recruiters their own scorecards'.

    Managing means adding and deleting candidates, the comparison and calibration, the exports and
    closing the scoring.
    """
    if not user.active:
        return False
    if user.role in {Role.admin, Role.hiring_manager}:
        return True
    return user.role == Role.recruiter and record.owner_id == user.id


def can_view_candidate(user: User, record: ScorecardRecord, *, on_panel: bool) -> bool:
    """A candidate is seen by their panel and by whoever manages the scorecard's candidates."""
    return user.active and (on_panel or can_manage_candidates(user, record))


def can_reopen_feedback(user: User) -> bool:
    """Only an admin unlocks submitted feedback, and gives a reason for the audit trail."""
    return can_admin(user)
