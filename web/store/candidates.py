"""Data access for candidates and their panels: create, list, delete, and closing a scorecard's scoring."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from web.models import (
    AuditEvent,
    Candidate,
    Feedback,
    FeedbackStatus,
    PanelMember,
    Rating,
    ScorecardRecord,
    User,
)
from web.store.accounts import EMAIL, StoreError
from web.store.scorecards import audit

SCORING_STATUSES = {"approved", "archived"}  # an archived version keeps the candidates it has
STAGES = ("interviewing", "offer", "hired", "rejected", "withdrawn")


class ScoringError(StoreError):
    """A scoring request refused: `status` is the HTTP answer, `problems` the (field, sentence) pairs."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 422,
        field: str = "body",
        problems: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.problems = problems or [(field, message)]


@dataclass(frozen=True)
class CandidateRow:
    """A candidate in a list, with how many of the panel's feedbacks are in."""

    candidate: Candidate
    expected: int
    submitted: int


@dataclass(frozen=True)
class PanelSeat:
    """A panel member, their email, and their feedback's id and status (None: not started)."""

    member: PanelMember
    email: str
    feedback_id: int | None
    status: str | None


@dataclass(frozen=True)
class Assignment:
    """A candidate an interviewer is on the panel for, and where their own feedback stands."""

    candidate: Candidate
    scorecard_title: str
    scorecard_version: int
    status: str | None  # None: not started; draft; submitted
    scoring_closed: bool


def create_candidate(
    session: Session,
    *,
    record: ScorecardRecord,
    creator: User,
    name: str,
    email: str | None,
    interviewers: list[str],
    focus: dict[str, list[str]],
    competency_ids: list[str],
) -> tuple[Candidate, list[str]]:
    """Add a candidate to an approved scorecard version with its panel; returns it and the panel's emails."""
    if record.status != "approved":
        raise ScoringError(
            "This scorecard version is not approved. Approve it first; candidates are scored "
            "only against an approved version.",
            field="scorecard_id",
        )
    if record.scoring_closed_at is not None:
        raise ScoringError(
            "Scoring for this scorecard is closed; no candidates can be added.", status=409
        )
    problems: list[tuple[str, str]] = []
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        problems.append(("name", "Give the candidate's name (1 to 200 characters)."))
    email = (email or "").strip().lower() or None
    if email is not None and (len(email) > 254 or not EMAIL.match(email)):
        problems.append(
            ("email", "Enter a valid email address for the candidate, or leave it out.")
        )
    wanted = list(dict.fromkeys(e.strip().lower() for e in interviewers if e and e.strip()))
    users = {
        u.email: u for u in session.exec(select(User).where(col(User.email).in_(wanted or [""])))
    }
    unknown = [e for e in wanted if e not in users or not users[e].active]
    if not wanted:
        problems.append(
            ("interviewers", "Add at least one interviewer to the panel (their email).")
        )
    elif unknown:
        problems.append(
            (
                "interviewers",
                f"No active account for {', '.join(unknown)}; check the spelling or add the user first.",
            )
        )
    known_ids = set(competency_ids)
    for who, ids in focus.items():
        key = who.strip().lower()
        if key not in wanted:
            problems.append(
                (f"focus.{who}", f"{who} is not on the panel; add them or drop the focus.")
            )
        elif [i for i in ids if i not in known_ids]:
            bad = ", ".join(i for i in ids if i not in known_ids)
            problems.append(
                (
                    f"focus.{who}",
                    f"Unknown competency id(s) {bad}; use ids of this scorecard version.",
                )
            )
    if problems:
        raise ScoringError(problems[0][1], field=problems[0][0], problems=problems)
    candidate = Candidate(
        scorecard_id=record.id or 0,
        name=name,
        email=email,
        created_by=creator.id or 0,
        stage=STAGES[0],
    )
    session.add(candidate)
    session.flush()
    lowered = {k.strip().lower(): v for k, v in focus.items()}
    for address in wanted:
        ids = list(dict.fromkeys(lowered.get(address, [])))
        session.add(
            PanelMember(
                candidate_id=candidate.id or 0, interviewer_id=users[address].id or 0, focus=ids
            )
        )
    session.flush()
    return candidate, wanted


def get_candidate(session: Session, *, candidate_id: int) -> Candidate | None:
    return session.get(Candidate, candidate_id)


def panels(session: Session, *, candidate_ids: list[int]) -> dict[int, list[PanelSeat]]:
    """The panels of these candidates, in the order they were set, with each member's feedback status."""
    found: dict[int, list[PanelSeat]] = {cid: [] for cid in candidate_ids}
    rows = session.exec(
        select(PanelMember, User.email, Feedback.id, Feedback.status)
        .join(User, col(User.id) == col(PanelMember.interviewer_id))
        .outerjoin(
            Feedback,
            (col(Feedback.candidate_id) == col(PanelMember.candidate_id))
            & (col(Feedback.interviewer_id) == col(PanelMember.interviewer_id)),
        )
        .where(col(PanelMember.candidate_id).in_(candidate_ids or [0]))
        .order_by(col(PanelMember.id))
    )
    for member, email, feedback_id, status in rows:
        seat = PanelSeat(member, email, feedback_id, None if status is None else str(status))
        found[member.candidate_id].append(seat)
    return found


def panel_of(session: Session, *, candidate_id: int) -> list[PanelSeat]:
    return panels(session, candidate_ids=[candidate_id])[candidate_id]


def panel_member(session: Session, *, candidate_id: int, user_id: int) -> PanelMember | None:
    return session.exec(
        select(PanelMember).where(
            PanelMember.candidate_id == candidate_id, PanelMember.interviewer_id == user_id
        )
    ).first()


def list_candidates(session: Session, *, scorecard_id: int) -> list[CandidateRow]:
    """A scorecard version's candidates, newest first, with expected and submitted feedback counts."""
    expected = (
        select(PanelMember.candidate_id, func.count().label("n"))
        .group_by(col(PanelMember.candidate_id))
        .subquery()
    )
    submitted = (
        select(Feedback.candidate_id, func.count().label("n"))
        .where(Feedback.status == FeedbackStatus.submitted)
        .group_by(col(Feedback.candidate_id))
        .subquery()
    )
    rows = session.exec(
        select(Candidate, expected.c.n, submitted.c.n)
        .outerjoin(expected, expected.c.candidate_id == col(Candidate.id))
        .outerjoin(submitted, submitted.c.candidate_id == col(Candidate.id))
        .where(Candidate.scorecard_id == scorecard_id)
        .order_by(col(Candidate.created_at).desc(), col(Candidate.id).desc())
    )
    return [CandidateRow(c, e or 0, s or 0) for c, e, s in rows]


def assignments(session: Session, *, user_id: int) -> list[Assignment]:
    """Candidates the user is on the panel for, newest first, with their own feedback's status."""
    rows = session.execute(  # five columns: past sqlmodel.select's typed overloads
        sa_select(
            Candidate,
            col(ScorecardRecord.title),
            col(ScorecardRecord.version),
            col(ScorecardRecord.scoring_closed_at),
            col(Feedback.status),
        )
        .join(PanelMember, col(PanelMember.candidate_id) == col(Candidate.id))
        .join(ScorecardRecord, col(ScorecardRecord.id) == col(Candidate.scorecard_id))
        .outerjoin(
            Feedback,
            (col(Feedback.candidate_id) == col(Candidate.id))
            & (col(Feedback.interviewer_id) == user_id),
        )
        .where(col(PanelMember.interviewer_id) == user_id)
        .order_by(col(Candidate.created_at).desc(), col(Candidate.id).desc())
    )
    return [
        Assignment(c, title, version, None if status is None else str(status), closed is not None)
        for c, title, version, closed, status in rows
    ]


def update_candidate(session: Session, *, candidate: Candidate, stage: str, notes: str) -> None:
    """Move a candidate to another stage and keep the team's notes on them."""
    if stage not in STAGES:
        raise ScoringError(f"Choose a stage: {', '.join(STAGES)}.", field="stage")
    candidate.stage = stage
    candidate.notes = notes.strip()[:5000]
    session.add(candidate)


def delete_candidate(session: Session, *, candidate: Candidate, user: User, lineage_id: str) -> int:
    """Remove a candidate with their panel, feedback and ratings; the audit keeps the event, no personal data.

    Free text that earlier events kept about this candidate (reopen reasons) is removed too.
    Returns how many feedbacks were deleted.
    """
    feedback_ids = list(
        session.exec(select(Feedback.id).where(Feedback.candidate_id == candidate.id))
    )
    if feedback_ids:
        session.exec(delete(Rating).where(col(Rating.feedback_id).in_(feedback_ids)))  # type: ignore[call-overload]
        session.exec(delete(Feedback).where(col(Feedback.id).in_(feedback_ids)))  # type: ignore[call-overload]
        session.exec(  # type: ignore[call-overload]
            update(AuditEvent)
            .where(
                col(AuditEvent.object_type) == "feedback",
                col(AuditEvent.object_id).in_([str(i) for i in feedback_ids]),
            )
            .values(detail=None)
        )
    session.exec(delete(PanelMember).where(col(PanelMember.candidate_id) == candidate.id))  # type: ignore[call-overload]
    session.exec(  # type: ignore[call-overload]
        update(AuditEvent)
        .where(
            col(AuditEvent.object_type) == "candidate",
            col(AuditEvent.object_id) == str(candidate.id),
        )
        .values(detail=None)
    )
    session.delete(candidate)
    audit(
        session,
        user=user,
        action="candidate.deleted",
        object_type="candidate",
        object_id=candidate.id,
        detail=f"scorecard {candidate.scorecard_id}; {len(feedback_ids)} feedback(s) removed",
        lineage_id=lineage_id,
    )
    session.flush()
    return len(feedback_ids)
