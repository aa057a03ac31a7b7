"""Interviewers' feedback over the API: drafts, validation that saves nothing, submission, locking,
the blind rule, admin reopening and closed scoring."""

from __future__ import annotations

from sqlmodel import select

from tests.web.conftest import csrf_from
from tests.web.scoring_setup import (
    add_candidate,
    approved_panel,
    auth,
    count,
    counts,
    ratings_for,
    score,
)
from web.db import session_scope
from web.models import AuditEvent, Feedback, Rating


def _put(client, token, candidate, body):
    return client.put(f"/api/candidates/{candidate}/feedback", json=body, headers=auth(token))


def test_bad_ratings_are_refused_field_by_field_and_nothing_is_saved(client, api_token, engine):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    candidate = add_candidate(client, panel, "Ada Okafor")
    token = panel.interviewers["i1@example.com"]
    good = ratings_for(panel.card)
    first = panel.ids()[0]
    for bad_score in (0, 6, 3.5, "abc", True, None, "", [3]):
        ratings = [dict(good[0], score=bad_score), *good[1:]]
        response = _put(client, token, candidate, {"recommendation": "yes", "ratings": ratings})
        assert response.status_code == 422, bad_score
        body = response.get_json()
        assert body["field"] == "ratings[0].score" and "1 to 5" in body["error"], body
    cases = [
        ([dict(good[0], evidence="")], "ratings[0].evidence"),
        ([dict(good[0], evidence="   too short      ")], "ratings[0].evidence"),
        ([{"competency_id": first, "score": 3}], "ratings[0].evidence"),
        ([dict(good[0], competency_id="not-on-this-card")], "ratings[0].competency_id"),
        ([good[0], good[0]], "ratings[1].competency_id"),
        (["3"], "ratings[0]"),
    ]
    for ratings, field in cases:
        response = _put(client, token, candidate, {"recommendation": "yes", "ratings": ratings})
        assert response.status_code == 422 and response.get_json()["field"] == field, field
    missing = _put(client, token, candidate, {"ratings": good})
    assert missing.status_code == 422 and missing.get_json()["field"] == "recommendation"
    wrong = _put(client, token, candidate, {"recommendation": "maybe", "ratings": good})
    assert wrong.status_code == 422 and wrong.get_json()["field"] == "recommendation"
    several = _put(
        client,
        token,
        candidate,
        {"recommendation": "yes", "ratings": [dict(good[0], score=9), dict(good[1], evidence="x")]},
    )
    fields = [e["field"] for e in several.get_json()["errors"]]
    assert fields == ["ratings[0].score", "ratings[1].evidence"]
    assert count(engine, Feedback) == 0 and count(engine, Rating) == 0
    # A whole number sent as a string of digits is a whole number.
    ok = _put(
        client, token, candidate, {"recommendation": "no", "ratings": [dict(good[0], score="4")]}
    )
    assert ok.status_code == 200 and ok.get_json()["ratings"][0]["score"] == 4


def test_a_draft_is_replaced_by_the_next_put_and_stays_one_feedback(client, api_token, engine):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    candidate = add_candidate(client, panel, "Ada Okafor")
    token = panel.interviewers["i1@example.com"]
    first = score(client, token, candidate, ratings_for(panel.card, 2), submit=False).get_json()
    assert first["status"] == "draft" and first["interviewer"] == "i1@example.com"
    assert len(first["ratings"]) == len(panel.ids())
    second = score(
        client, token, candidate, ratings_for(panel.card)[:3], "strong_yes", submit=False
    )
    body = second.get_json()
    assert body["id"] == first["id"] and body["recommendation"] == "strong_yes"
    assert [r["score"] for r in body["ratings"]] == [3, 3, 3]
    assert count(engine, Feedback) == 1 and count(engine, Rating) == 3


def test_submit_names_every_missing_rating_then_locks(client, api_token, engine):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    candidate = add_candidate(client, panel, "Ada Okafor")
    token = panel.interviewers["i1@example.com"]
    submit_url = f"/api/candidates/{candidate}/feedback/submit"
    nothing = client.post(submit_url, headers=auth(token))
    assert nothing.status_code == 422
    named = {e["field"] for e in nothing.get_json()["errors"]}
    assert named == {f"ratings.{cid}" for cid in panel.ids()} | {"recommendation"}
    score(client, token, candidate, ratings_for(panel.card)[:2], submit=False)
    partial = client.post(submit_url, headers=auth(token))
    assert partial.status_code == 422
    assert {e["field"] for e in partial.get_json()["errors"]} == {
        f"ratings.{cid}" for cid in panel.ids()[2:]
    }
    done = score(client, token, candidate, ratings_for(panel.card))
    assert done.status_code == 200 and done.get_json()["status"] == "submitted"
    again = client.post(submit_url, headers=auth(token))
    assert again.status_code == 409
    change = _put(
        client, token, candidate, {"recommendation": "no", "ratings": ratings_for(panel.card, 1)}
    )
    assert change.status_code == 409 and "admin" in change.get_json()["error"]
    with session_scope(engine) as session:
        assert {r.score for r in session.exec(select(Rating))} == {3}


def test_an_interviewer_not_on_the_panel_gets_404(client, api_token, engine):
    panel = approved_panel(client, api_token, engine)
    candidate = add_candidate(client, panel, "Ada Okafor", ["i1@example.com"])
    outsider = panel.interviewers["i2@example.com"]
    body = {"recommendation": "yes", "ratings": ratings_for(panel.card)}
    assert _put(client, outsider, candidate, body).status_code == 404
    assert (
        client.post(
            f"/api/candidates/{candidate}/feedback/submit", headers=auth(outsider)
        ).status_code
        == 404
    )
    # A hiring manager who is not on the panel has no feedback to give either.
    assert _put(client, panel.manager, candidate, body).status_code == 404
    assert _put(client, outsider, 9999, body).status_code == 404


def test_focus_competencies_are_what_an_interviewer_must_rate(client, api_token, engine):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    focus = panel.ids()[:2]
    candidate = add_candidate(client, panel, "Ada Okafor", focus={"i1@example.com": focus})
    token = panel.interviewers["i1@example.com"]
    submit_url = f"/api/candidates/{candidate}/feedback/submit"
    named = {e["field"] for e in client.post(submit_url, headers=auth(token)).get_json()["errors"]}
    assert named == {f"ratings.{cid}" for cid in focus} | {"recommendation"}
    ratings = [r for r in ratings_for(panel.card) if r["competency_id"] in focus]
    assert score(client, token, candidate, ratings).status_code == 200


def test_blind_until_submitted(client, api_token, engine, make_user):
    panel = approved_panel(client, api_token, engine, interviewers=3)
    candidate = add_candidate(client, panel, "Ada Okafor")
    first, second, third = panel.interviewers.values()
    score(client, first, candidate, ratings_for(panel.card, 2), "no", submit=False)
    score(client, second, candidate, ratings_for(panel.card, 5), "strong_yes")
    score(client, third, candidate, ratings_for(panel.card, 4), "yes", submit=False)

    def visible(token):
        body = client.get(f"/api/candidates/{candidate}/feedback", headers=auth(token)).get_json()
        return body["others_hidden"], [(f["interviewer"], f["status"]) for f in body["feedback"]]

    # Before submitting, the first interviewer sees only their own draft.
    assert visible(first) == (True, [("i1@example.com", "draft")])
    # The second has submitted: they see their own and other submitted feedback, never a draft.
    assert visible(second) == (False, [("i2@example.com", "submitted")])
    assert (
        client.post(f"/api/candidates/{candidate}/feedback/submit", headers=auth(first)).status_code
        == 200
    )
    hidden, shown = visible(first)
    assert not hidden and shown == [
        ("i1@example.com", "submitted"),
        ("i2@example.com", "submitted"),
    ]
    # A hiring manager off the panel sees every submitted feedback, and no draft.
    hidden, shown = visible(panel.manager)
    assert not hidden and sorted(shown) == [
        ("i1@example.com", "submitted"),
        ("i2@example.com", "submitted"),
    ]
    body = client.get(
        f"/api/candidates/{candidate}/feedback", headers=auth(panel.manager)
    ).get_json()
    scores = {f["interviewer"]: {r["score"] for r in f["ratings"]} for f in body["feedback"]}
    assert scores == {"i1@example.com": {2}, "i2@example.com": {5}}


def test_admin_reopens_with_a_reason_for_the_audit_trail(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    api_token("admin@example.com", "admin")
    candidate = add_candidate(client, panel, "Ada Okafor")
    token = panel.interviewers["i1@example.com"]
    score(client, token, candidate, ratings_for(panel.card))
    with session_scope(engine) as session:
        feedback_id = session.exec(select(Feedback.id)).one()
    url = f"/candidates/{candidate}/feedback/{feedback_id}/reopen"
    login("hm@example.com")
    csrf = csrf_from(client.get(f"/candidates/{candidate}").get_data(as_text=True))
    assert (
        client.post(url, data={"csrf_token": csrf, "reason": "Typo in a rating"}).status_code == 403
    )
    client.post("/logout", data={"csrf_token": csrf})
    login("admin@example.com")
    page = client.get(f"/candidates/{candidate}").get_data(as_text=True)
    assert "Reopen" in page
    csrf = csrf_from(page)
    short = client.post(url, data={"csrf_token": csrf, "reason": "oops"}, follow_redirects=True)
    assert "at least 10 characters" in short.get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf, "reason": "Interviewer rated the wrong candidate"})
    with session_scope(engine) as session:
        assert session.get(Feedback, feedback_id).status == "draft"
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "feedback.reopened")
        ).one()
    assert event.detail == "reason: Interviewer rated the wrong candidate"
    again = score(client, token, candidate, ratings_for(panel.card, 4))
    assert again.status_code == 200


def test_closed_scoring_locks_all_feedback(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine)
    candidate = add_candidate(client, panel, "Ada Okafor")
    first, second = panel.interviewers.values()
    score(client, first, candidate, ratings_for(panel.card))
    score(client, second, candidate, ratings_for(panel.card), submit=False)
    login("hm@example.com")
    page = client.get(f"/scorecards/{panel.scorecard_id}/comparison").get_data(as_text=True)
    closed = client.post(
        f"/scorecards/{panel.scorecard_id}/close",
        data={"csrf_token": csrf_from(page), "confirm": "yes"},
        follow_redirects=True,
    )
    assert "Scoring closed" in closed.get_data(as_text=True)
    body = {"recommendation": "yes", "ratings": ratings_for(panel.card)}
    assert _put(client, second, candidate, body).status_code == 409
    assert (
        client.post(
            f"/api/candidates/{candidate}/feedback/submit", headers=auth(second)
        ).status_code
        == 409
    )
    new = client.post(
        f"/api/scorecards/{panel.scorecard_id}/candidates",
        json={"name": "Late", "interviewers": ["i1@example.com"]},
        headers=auth(panel.manager),
    )
    assert new.status_code == 409
    assert counts(engine)[1:] == (2, 2 * len(panel.ids()))
    with session_scope(engine) as session:
        actions = {e.action for e in session.exec(select(AuditEvent))}
    assert {"candidate.created", "feedback.submitted", "scoring.closed"} <= actions
