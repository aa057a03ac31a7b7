"""Data access for the ranking: a scorecard's candidates and submitted ratings, read in bulk.

Plain columns from prebuilt statements, not ORM objects: ranking a thousand candidates reads 32,000
ratings per request. Interviewers come back as ids and are named once, not joined on every rating.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

import generator.panel  # noqa: F401  (loads numpy with the app, not on a worker's first ranking)
from generator.scoring import CandidateEntry, PanelRating
from web.models import AuditEvent, Candidate, Feedback, FeedbackStatus, PanelMember, User

_OF_SCORECARD = col(Candidate.scorecard_id) == bindparam("scorecard_id")
_SUBMITTED = col(Feedback.status) == FeedbackStatus.submitted

_INTERVIEWERS = select(User.id, User.email).where(
    col(User.id).in_(
        select(PanelMember.interviewer_id)
        .join(Candidate, col(Candidate.id) == col(PanelMember.candidate_id))
        .where(_OF_SCORECARD)
    )
)
_EXPECTED = (
    select(PanelMember.candidate_id, func.count())
    .join(Candidate, col(Candidate.id) == col(PanelMember.candidate_id))
    .where(_OF_SCORECARD)
    .group_by(col(PanelMember.candidate_id))
)
_RECOMMENDATIONS = (
    select(Feedback.candidate_id, Feedback.interviewer_id, Feedback.recommendation)
    .join(Candidate, col(Candidate.id) == col(Feedback.candidate_id))
    .where(_OF_SCORECARD, _SUBMITTED)
)
_NAMES = select(Candidate.id, Candidate.name).where(_OF_SCORECARD).order_by(col(Candidate.id))


# The ratings query is sent straight to the driver: for 32,000 rows, building SQLAlchemy Row objects
# costs as much as the query itself. Written once for both dialects (SQLite "?", psycopg "%s").
_RATINGS_SQL = (
    "SELECT f.candidate_id, f.interviewer_id, r.competency_id, r.score{evidence} FROM rating r"
    " JOIN feedback f ON f.id = r.feedback_id JOIN candidate c ON c.id = f.candidate_id"
    " WHERE c.scorecard_id = {mark} AND f.status = 'submitted' AND r.score IS NOT NULL"
)


def _rating_rows(session: Session, scorecard_id: int, with_evidence: bool) -> list[tuple]:
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = _RATINGS_SQL.format(evidence=", r.evidence" if with_evidence else "", mark=mark)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (scorecard_id,))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def interviewer_emails(session: Session, *, scorecard_id: int) -> dict[int, str]:
    """The emails of everyone on a panel of this scorecard version, by user id."""
    return dict(session.execute(_INTERVIEWERS, {"scorecard_id": scorecard_id}).all())


def panel_entries(
    session: Session,
    *,
    scorecard_id: int,
    emails: dict[int, str],
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[CandidateEntry]:
    """Every candidate of a scorecard version with expected and submitted feedback counts and the
    submitted recommendations by interviewer email."""
    params = {"scorecard_id": scorecard_id}
    expected = dict(session.execute(_EXPECTED, params).all())
    recommendations: dict[int, dict[str, str]] = defaultdict(dict)
    submitted: dict[int, int] = defaultdict(int)
    for candidate_id, interviewer_id, recommendation in session.execute(_RECOMMENDATIONS, params):
        submitted[candidate_id] += 1
        if recommendation is not None:
            recommendations[candidate_id][emails[interviewer_id]] = str(recommendation)
    return [
        CandidateEntry(
            candidate_id=cid,
            name=name,
            feedback_expected=expected.get(cid, 0),
            feedback_submitted=submitted.get(cid, 0),
            recommendations=recommendations.get(cid, {}),
        )
        for cid, name in session.execute(_NAMES, params)
        if cid not in exclude
    ]


def submitted_ratings(
    session: Session,
    *,
    scorecard_id: int,
    emails: dict[int, str],
    exclude: set[int] | frozenset[int] = frozenset(),
    with_evidence: bool = False,
) -> list[PanelRating]:
    """Every scored rating of the scorecard version's submitted feedback, in one query."""
    rows = _rating_rows(session, scorecard_id, with_evidence)
    if with_evidence:
        return [PanelRating(c, emails[i], k, s, e) for c, i, k, s, e in rows if c not in exclude]
    if exclude:
        rows = [row for row in rows if row[0] not in exclude]
    return [PanelRating(c, emails[i], k, s) for c, i, k, s in rows]


def candidate_counts(session: Session, *, scorecard_ids: list[int]) -> dict[int, int]:
    """How many candidates each of these scorecard versions has."""
    if not scorecard_ids:
        return {}
    return dict(
        session.execute(
            select(Candidate.scorecard_id, func.count())
            .where(col(Candidate.scorecard_id).in_(scorecard_ids))
            .group_by(col(Candidate.scorecard_id))
        ).all()
    )


def blind_candidates(session: Session, *, scorecard_id: int, user_id: int) -> set[int]:
    """Candidates of a scorecard whose panel the user is on without having submitted their own feedback."""
    rows = session.exec(
        select(PanelMember.candidate_id, Feedback.status)
        .join(Candidate, col(Candidate.id) == col(PanelMember.candidate_id))
        .outerjoin(
            Feedback,
            (col(Feedback.candidate_id) == col(PanelMember.candidate_id))
            & (col(Feedback.interviewer_id) == user_id),
        )
        .where(Candidate.scorecard_id == scorecard_id, PanelMember.interviewer_id == user_id)
    )
    return {cid for cid, status in rows if status != FeedbackStatus.submitted}


_CHANGES = select(func.count(), func.max(AuditEvent.id)).where(
    AuditEvent.lineage_id == bindparam("lineage_id")
)


def audited_changes(session: Session, *, lineage_id: str) -> tuple[int, int | None]:
    """How many audit events a scorecard lineage has, and the latest one's id.

    Candidates and submitted feedback change only together with an audit event of the same
    transaction, so a ranking computed at one value stays true until the value moves.
    """
    count, latest = session.execute(_CHANGES, {"lineage_id": lineage_id}).one()
    return count, latest
