"""What the scorecard page shows about review: status, allowed steps, findings and comments."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from generator.schema import Scorecard
from web.models import ScorecardRecord, User
from web.permissions import can_approve, can_comment, can_edit_scorecard, can_submit_for_review
from web.review.actions import fairness_state
from web.store import review as review_store
from web.store import versions as version_store


def review_context(
    session: Session, *, record: ScorecardRecord, card: Scorecard, user: User
) -> dict[str, Any]:
    """Template variables for the review panel of the scorecard page."""
    reviewer = user.role != "interviewer"
    head = version_store.head_of(session, lineage_id=record.lineage_id)
    approved = version_store.approved_of(session, lineage_id=record.lineage_id)
    parts = [("general", "The whole scorecard")]
    parts += [(f"competency:{c.id}", f"Competency: {c.name}") for c in card.competencies]
    parts += [
        (f"question:{q.id}", f"Question {i}: {q.text[:60]}")
        for i, q in enumerate(card.questions, 1)
    ]
    parts += [("case_study", "Case study")]
    return {
        "head": head,
        "approved": approved,
        "can_edit": can_edit_scorecard(user, record)
        and bool(record.is_head or record.status == "approved"),
        "can_submit": can_submit_for_review(user, record) and record.is_head,
        "can_approve": can_approve(user),
        "can_comment": can_comment(user, record),
        "findings": fairness_state(session, record) if reviewer else [],
        "comments": review_store.list_comments(session, lineage_id=record.lineage_id)
        if reviewer
        else [],
        "comment_parts": parts,
        "part_names": dict(parts),
    }
