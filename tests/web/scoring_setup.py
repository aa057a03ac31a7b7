"""Helpers for the scoring tests: an approved scorecard, a panel, and ratings that pass or fail."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, update
from sqlmodel import select

from tests.conftest import SAMPLE_DIR
from web.db import session_scope
from web.models import Feedback, PanelMember, Rating, ScorecardRecord

NURSE = (SAMPLE_DIR / "registered_nurse.txt").read_text()
EVIDENCE = "Described triaging two deteriorating patients and escalating to the charge nurse."


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def generate(client, token: str, jd: str = NURSE) -> int:
    """Generate a scorecard through the API (the test app's queue runs jobs at once); its id."""
    job = client.post("/api/scorecards", json={"job_description": jd}, headers=auth(token))
    assert job.status_code == 202, job.get_json()
    status = client.get(f"/api/jobs/{job.get_json()['job_id']}", headers=auth(token)).get_json()
    assert status["status"] == "succeeded", status
    return status["scorecard_id"]


def set_status(engine, scorecard_id: int, status: str) -> None:
    """Move a version's review status directly (the review routes are the lead's)."""
    with session_scope(engine) as session:
        session.exec(
            update(ScorecardRecord).where(ScorecardRecord.id == scorecard_id).values(status=status)
        )


def card_json(client, token: str, scorecard_id: int) -> dict:
    return client.get(f"/api/scorecards/{scorecard_id}", headers=auth(token)).get_json()[
        "scorecard"
    ]


def count(engine, model, *where) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def counts(engine) -> tuple[int, int, int]:
    """(panel members, feedbacks, ratings) in the database."""
    return count(engine, PanelMember), count(engine, Feedback), count(engine, Rating)


def ratings_for(
    card: dict, scores: dict[str, int] | int = 3, evidence: str = EVIDENCE
) -> list[dict]:
    """A rating for every competency (one score for all, or by competency id)."""
    return [
        {
            "competency_id": c["id"],
            "score": scores if isinstance(scores, int) else scores[c["id"]],
            "evidence": evidence,
        }
        for c in card["competencies"]
    ]


@dataclass
class Panel:
    """An approved scorecard, its manager's token, and interviewers' tokens by email."""

    scorecard_id: int
    card: dict
    manager: str
    interviewers: dict[str, str] = field(default_factory=dict)

    def ids(self) -> list[str]:
        return [c["id"] for c in self.card["competencies"]]

    def must_have(self) -> str:
        return next(c["id"] for c in self.card["competencies"] if c["must_have"])


def approved_panel(
    client, api_token, engine, interviewers: int = 2, manager_role: str = "hiring_manager"
) -> Panel:
    """A hiring manager's approved scorecard and `interviewers` interviewer accounts."""
    manager = api_token("hm@example.com", manager_role)
    scorecard_id = generate(client, manager)
    set_status(engine, scorecard_id, "approved")
    panel = Panel(scorecard_id, card_json(client, manager, scorecard_id), manager)
    for n in range(1, interviewers + 1):
        email = f"i{n}@example.com"
        panel.interviewers[email] = api_token(email, "interviewer")
    return panel


def add_candidate(client, panel: Panel, name: str, emails: list[str] | None = None, **extra) -> int:
    body = {"name": name, "interviewers": emails or list(panel.interviewers), **extra}
    response = client.post(
        f"/api/scorecards/{panel.scorecard_id}/candidates", json=body, headers=auth(panel.manager)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def score(
    client, token: str, candidate_id: int, ratings: list[dict], recommendation="yes", submit=True
):
    """PUT a draft and (by default) submit it; returns the submit (or PUT) response."""
    put = client.put(
        f"/api/candidates/{candidate_id}/feedback",
        json={"recommendation": recommendation, "ratings": ratings, "notes": "Solid interview."},
        headers=auth(token),
    )
    assert put.status_code == 200, put.get_json()
    if not submit:
        return put
    return client.post(f"/api/candidates/{candidate_id}/feedback/submit", headers=auth(token))
