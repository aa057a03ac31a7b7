"""Data access for interviewers' feedback and ratings: drafts, submission, reopening, blind reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from web.models import (
    Feedback,
    FeedbackStatus,
    Rating,
    Recommendation,
    ScorecardRecord,
    User,
    utcnow,
)
from web.store.candidates import ScoringError
from web.store.scorecards import audit

MIN_EVIDENCE = 20
LOCKED = "This feedback is submitted and locked; an admin can reopen it with a reason."
CLOSED = "Scoring for this scorecard is closed; its feedback is locked."


@dataclass(frozen=True)
class RatingInput:
    """One competency's rating as entered: a level (or none yet, in a browser draft) and the evidence."""

    competency_id: str
    score: int | None
    evidence: str


@dataclass(frozen=True)
class FeedbackView:
    """A feedback with its interviewer's email and its ratings by competency id."""

    feedback: Feedback
    interviewer: str
    ratings: dict[str, Rating]


def own_feedback(session: Session, *, candidate_id: int, interviewer_id: int) -> Feedback | None:
    return session.exec(
        select(Feedback).where(
            Feedback.candidate_id == candidate_id, Feedback.interviewer_id == interviewer_id
        )
    ).first()


def ratings_of(session: Session, *, feedback_ids: list[int]) -> dict[int, dict[str, Rating]]:
    """Ratings of these feedbacks, by feedback id and then competency id."""
    found: dict[int, dict[str, Rating]] = defaultdict(dict)
    if feedback_ids:
        for rating in session.exec(select(Rating).where(col(Rating.feedback_id).in_(feedback_ids))):
            found[rating.feedback_id][rating.competency_id] = rating
    return found


def check_open(record: ScorecardRecord, feedback: Feedback | None) -> None:
    """Refuse (409) a change to submitted feedback or to any feedback once scoring is closed."""
    if record.scoring_closed_at is not None:
        raise ScoringError(CLOSED, status=409)
    if feedback is not None and feedback.status == FeedbackStatus.submitted:
        raise ScoringError(LOCKED, status=409)


def save_draft(
    session: Session,
    *,
    record: ScorecardRecord,
    candidate_id: int,
    interviewer_id: int,
    ratings: list[RatingInput],
    recommendation: Recommendation | None,
    notes: str | None = None,
    question_notes: dict[str, str] | None = None,
    merge: bool = False,
) -> Feedback:
    """Create or update the interviewer's own draft; the ratings given replace the draft's (or, with
    `merge`, set only the levels given and keep the evidence already written)."""
    for attempt in (1, 2):
        feedback = own_feedback(session, candidate_id=candidate_id, interviewer_id=interviewer_id)
        check_open(record, feedback)
        try:
            if feedback is None:
                feedback = Feedback(candidate_id=candidate_id, interviewer_id=interviewer_id)
                session.add(feedback)
                session.flush()
            _write(session, feedback, ratings, recommendation, notes, question_notes, merge)
            return feedback
        except IntegrityError:
            # Another request by the same interviewer created the draft first: update that one.
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _write(
    session: Session,
    feedback: Feedback,
    ratings: list[RatingInput],
    recommendation: Recommendation | None,
    notes: str | None,
    question_notes: dict[str, str] | None,
    merge: bool,
) -> None:
    feedback_id = feedback.id or 0
    existing = ratings_of(session, feedback_ids=[feedback_id]).get(feedback_id, {}) if merge else {}
    if merge:
        for given in ratings:
            row = existing.get(given.competency_id)
            if row is None:
                session.add(
                    Rating(
                        feedback_id=feedback_id,
                        competency_id=given.competency_id,
                        score=given.score,
                        evidence=given.evidence,
                    )
                )
            else:
                row.score = given.score
                session.add(row)
    else:
        session.exec(delete(Rating).where(col(Rating.feedback_id) == feedback_id))  # type: ignore[call-overload]
        session.add_all(
            Rating(
                feedback_id=feedback_id,
                competency_id=r.competency_id,
                score=r.score,
                evidence=r.evidence,
            )
            for r in ratings
            if r.score is not None or r.evidence
        )
    if recommendation is not None or not merge:
        feedback.recommendation = recommendation
    if notes is not None:
        feedback.notes = notes
    if question_notes is not None:
        feedback.question_notes = question_notes
    feedback.updated_at = utcnow()
    session.add(feedback)
    session.flush()


def submission_problems(
    *,
    names: dict[str, str],
    required: list[str],
    feedback: Feedback | None,
    ratings: dict[str, Rating],
) -> list[tuple[str, str]]:
    """What stops a feedback from being submitted, as (field, sentence) pairs; empty when complete.

    `required` are the competencies the interviewer must rate (their focus, or all of them); any
    other competency they rated must also carry evidence.
    """
    problems: list[tuple[str, str]] = []
    for cid in list(required) + [c for c in ratings if c not in required]:
        rating, name = ratings.get(cid), names.get(cid, cid)
        if rating is None or rating.score is None:
            if cid in required:
                problems.append((f"ratings.{cid}", f"Rate {name}: choose a level from 1 to 5."))
            continue
        if len(rating.evidence.strip()) < MIN_EVIDENCE:
            problems.append(
                (
                    f"ratings.{cid}.evidence",
                    f"Write the evidence for {name}: at least "
                    f"{MIN_EVIDENCE} characters on what the candidate said or did.",
                )
            )
    if feedback is None or feedback.recommendation is None:
        problems.append(
            (
                "recommendation",
                "Choose an overall recommendation: strong no, no, yes or strong yes.",
            )
        )
    return problems


def submit(session: Session, *, record: ScorecardRecord, feedback: Feedback, user: User) -> None:
    """Lock a complete draft as submitted (409 if it already is); the caller checked completeness."""
    check_open(record, feedback)
    now = utcnow()
    result = session.exec(  # type: ignore[call-overload]
        update(Feedback)
        .where(col(Feedback.id) == feedback.id, col(Feedback.status) == FeedbackStatus.draft)
        .values(status=FeedbackStatus.submitted, submitted_at=now, updated_at=now)
    )
    if result.rowcount != 1:
        raise ScoringError(LOCKED, status=409)
    feedback.status, feedback.submitted_at = FeedbackStatus.submitted, now
    audit(
        session,
        user=user,
        action="feedback.submitted",
        object_type="feedback",
        object_id=feedback.id,
        detail=f"candidate {feedback.candidate_id}",
        lineage_id=record.lineage_id,
    )


def reopen(
    session: Session, *, record: ScorecardRecord, feedback: Feedback, admin: User, reason: str
) -> None:
    """An admin unlocks a submitted feedback; the reason goes to the audit trail."""
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ScoringError(
            "Give the reason for reopening (at least 10 characters).", field="reason"
        )
    if record.scoring_closed_at is not None:
        raise ScoringError(CLOSED, status=409)
    result = session.exec(  # type: ignore[call-overload]
        update(Feedback)
        .where(col(Feedback.id) == feedback.id, col(Feedback.status) == FeedbackStatus.submitted)
        .values(status=FeedbackStatus.draft, submitted_at=None, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise ScoringError(
            "This feedback is not submitted; there is nothing to reopen.", status=409
        )
    feedback.status, feedback.submitted_at = FeedbackStatus.draft, None
    audit(
        session,
        user=admin,
        action="feedback.reopened",
        object_type="feedback",
        object_id=feedback.id,
        detail=f"reason: {reason}",
        lineage_id=record.lineage_id,
    )


def visible_feedback(
    session: Session, *, candidate_id: int, viewer_id: int, on_panel: bool
) -> tuple[list[FeedbackView], bool]:
    """The feedback a viewer may read, own first, and whether others' is still hidden from them.

    Panel members see their own, and others' submitted feedback once their own is submitted; anyone
    else allowed to see the candidate sees all submitted feedback. Nobody sees another's draft.
    """
    rows = list(
        session.exec(
            select(Feedback, User.email)
            .join(User, col(User.id) == col(Feedback.interviewer_id))
            .where(Feedback.candidate_id == candidate_id)
            .order_by(col(Feedback.submitted_at), col(Feedback.id))
        )
    )
    own = next((f for f, _ in rows if f.interviewer_id == viewer_id), None)
    blind = on_panel and (own is None or own.status != FeedbackStatus.submitted)
    shown = [
        (f, email)
        for f, email in rows
        if f.interviewer_id == viewer_id or (not blind and f.status == FeedbackStatus.submitted)
    ]
    shown.sort(key=lambda pair: pair[0].interviewer_id != viewer_id)
    ratings = ratings_of(session, feedback_ids=[f.id for f, _ in shown if f.id is not None])
    return [FeedbackView(f, email, ratings.get(f.id or 0, {})) for f, email in shown], blind


def close_scoring(session: Session, *, record: ScorecardRecord, user: User) -> datetime:
    """Mark a scorecard version's scoring complete: every feedback on it is locked from now on."""
    if record.scoring_closed_at is not None:
        raise ScoringError("Scoring for this scorecard is already closed.", status=409)
    now = utcnow()
    session.exec(  # type: ignore[call-overload]
        update(ScorecardRecord)
        .where(col(ScorecardRecord.id) == record.id)
        .values(scoring_closed_at=now, scoring_closed_by=user.id)
    )
    record.scoring_closed_at, record.scoring_closed_by = now, user.id
    audit(
        session,
        user=user,
        action="scoring.closed",
        object_type="scorecard",
        object_id=record.id,
        lineage_id=record.lineage_id,
    )
    return now
