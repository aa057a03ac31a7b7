"""Candidates and panels: created on approved versions only, seen by their panel and their managers,
deleted with everything personal."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.web.conftest import csrf_from
from tests.web.scoring_setup import (
    EVIDENCE,
    add_candidate,
    approved_panel,
    auth,
    count,
    counts,
    generate,
    ratings_for,
    score,
    set_status,
)
from web.db import session_scope
from web.models import AuditEvent, Candidate, Feedback, Rating


def test_create_and_list_candidates_over_the_api(client, api_token, engine):
    panel = approved_panel(client, api_token, engine)
    must = panel.must_have()
    response = client.post(
        f"/api/scorecards/{panel.scorecard_id}/candidates",
        json={
            "name": "  Ada   Okafor ",
            "email": "Ada@Example.com",
            "interviewers": ["I1@example.com", "i2@example.com"],
            "focus": {"i1@example.com": [must]},
        },
        headers=auth(panel.manager),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["name"] == "Ada Okafor" and body["email"] == "ada@example.com"
    assert body["scorecard_id"] == panel.scorecard_id and body["scorecard_version"] == 1
    assert body["interviewers"] == ["i1@example.com", "i2@example.com"]
    add_candidate(client, panel, "Ben Lind", ["i2@example.com"])

    listing = client.get(
        f"/api/scorecards/{panel.scorecard_id}/candidates", headers=auth(panel.manager)
    ).get_json()
    assert [c["name"] for c in listing["items"]] == ["Ben Lind", "Ada Okafor"]
    ada = listing["items"][1]
    assert ada["focus"] == {"i1@example.com": [must]} and ada["feedback_expected"] == 2
    # An interviewer lists only the candidates whose panel they are on.
    mine = client.get(
        f"/api/scorecards/{panel.scorecard_id}/candidates",
        headers=auth(panel.interviewers["i1@example.com"]),
    ).get_json()
    assert [c["name"] for c in mine["items"]] == ["Ada Okafor"]
    assert mine["items"][0]["email"] is None  # the candidate's email is for the hiring team


def test_bad_candidates_are_refused_with_the_field_named(client, api_token, engine):
    panel = approved_panel(client, api_token, engine)
    url = f"/api/scorecards/{panel.scorecard_id}/candidates"
    cases = [
        ({"interviewers": ["i1@example.com"]}, "name"),
        ({"name": "A", "interviewers": []}, "interviewers"),
        ({"name": "A", "interviewers": ["nobody@example.com"]}, "interviewers"),
        ({"name": "A", "email": "not-an-email", "interviewers": ["i1@example.com"]}, "email"),
        ({"name": "A", "interviewers": "i1@example.com"}, "interviewers"),
        (
            {
                "name": "A",
                "interviewers": ["i1@example.com"],
                "focus": {"i1@example.com": ["nope"]},
            },
            "focus.i1@example.com",
        ),
        (
            {"name": "A", "interviewers": ["i1@example.com"], "focus": {"i2@example.com": []}},
            "focus.i2@example.com",
        ),
    ]
    for body, field in cases:
        response = client.post(url, json=body, headers=auth(panel.manager))
        assert response.status_code == 422, body
        assert response.get_json()["field"] == field, response.get_json()
    assert count(engine, Candidate) == 0


def test_only_approved_versions_take_candidates_and_archived_ones_keep_scoring(
    client, api_token, engine
):
    panel = approved_panel(client, api_token, engine)
    draft = generate(client, panel.manager)
    response = client.post(
        f"/api/scorecards/{draft}/candidates",
        json={"name": "A", "interviewers": ["i1@example.com"]},
        headers=auth(panel.manager),
    )
    assert response.status_code == 422 and response.get_json()["field"] == "scorecard_id"
    assert "approve" in response.get_json()["error"].lower()

    candidate = add_candidate(client, panel, "Ada Okafor")
    set_status(engine, panel.scorecard_id, "archived")  # a newer version was approved
    token = panel.interviewers["i1@example.com"]
    assert score(client, token, candidate, ratings_for(panel.card)).status_code == 200
    refused = client.post(
        f"/api/scorecards/{panel.scorecard_id}/candidates",
        json={"name": "B", "interviewers": ["i1@example.com"]},
        headers=auth(panel.manager),
    )
    assert refused.status_code == 422


def test_roles_and_objects_are_checked(client, api_token, engine):
    panel = approved_panel(client, api_token, engine, manager_role="recruiter")
    candidate = add_candidate(client, panel, "Ada Okafor", ["i1@example.com"])
    other_recruiter = api_token("r2@example.com", "recruiter")
    outsider = panel.interviewers["i2@example.com"]
    url = f"/api/scorecards/{panel.scorecard_id}/candidates"
    body = {"name": "B", "interviewers": ["i1@example.com"]}
    # Another recruiter cannot see the scorecard at all; an interviewer sees it but may not add.
    assert client.post(url, json=body, headers=auth(other_recruiter)).status_code == 404
    assert client.post(url, json=body, headers=auth(outsider)).status_code == 403
    assert client.get(url, headers=auth(other_recruiter)).status_code == 404
    for token in (other_recruiter, outsider):
        assert (
            client.get(f"/api/candidates/{candidate}/feedback", headers=auth(token)).status_code
            == 404
        )
        assert client.delete(f"/api/candidates/{candidate}", headers=auth(token)).status_code == 404
    member = panel.interviewers["i1@example.com"]
    assert client.delete(f"/api/candidates/{candidate}", headers=auth(member)).status_code == 403
    assert (
        client.get(f"/api/candidates/{candidate}/feedback", headers=auth(member)).status_code == 200
    )


def test_deleting_a_candidate_removes_ratings_and_personal_data(client, api_token, engine):
    panel = approved_panel(client, api_token, engine)
    keep = add_candidate(client, panel, "Keep Me")
    gone = add_candidate(client, panel, "Zora Quist", email="zora@example.com")
    for token in panel.interviewers.values():
        assert score(client, token, gone, ratings_for(panel.card)).status_code == 200
        assert score(client, token, keep, ratings_for(panel.card), submit=False).status_code == 200
    n = len(panel.ids())
    assert counts(engine) == (4, 4, 4 * n)
    response = client.delete(f"/api/candidates/{gone}", headers=auth(panel.manager))
    assert response.status_code == 200 and response.get_json()["feedback_removed"] == 2
    assert counts(engine) == (2, 2, 2 * n)
    with session_scope(engine) as session:
        assert session.get(Candidate, gone) is None and session.get(Candidate, keep) is not None
        events = list(session.exec(select(AuditEvent)))
        assert all(str(r.feedback_id) for r in session.exec(select(Rating)))
        assert {f.candidate_id for f in session.exec(select(Feedback))} == {keep}
    deleted = [e for e in events if e.action == "candidate.deleted"]
    assert len(deleted) == 1 and deleted[0].object_id == str(gone)
    trail = " ".join(f"{e.detail} {e.object_id}" for e in events)
    assert "Zora" not in trail and "zora@" not in trail and EVIDENCE not in trail
    assert (
        client.get(f"/api/candidates/{gone}/feedback", headers=auth(panel.manager)).status_code
        == 404
    )


def _form_page(client, path: str) -> tuple[str, str]:
    html = client.get(path).get_data(as_text=True)
    return html, csrf_from(html)


def test_pages_add_a_candidate_with_a_panel_and_focus(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine)
    login("hm@example.com")
    path = f"/scorecards/{panel.scorecard_id}/candidates"
    html, token = _form_page(client, path)
    assert "Add a candidate" in html and "i1@example.com" in html  # the people list
    must = panel.must_have()
    bad = client.post(path, data={"csrf_token": token, "name": "Ada", "interviewer-1": "x@y.z"})
    assert bad.status_code == 422 and "No active account for x@y.z" in bad.get_data(as_text=True)
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "name": "Ada Okafor",
            "interviewer-1": "i1@example.com",
            "focus-1": [must],
            "interviewer-2": "i2@example.com",
        },
    )
    assert response.status_code == 302
    candidate_url = response.headers["Location"]
    page = client.get(candidate_url).get_data(as_text=True)
    assert "Ada Okafor" in page and "All competencies" in page
    assert (
        panel.card["competencies"][[c["id"] for c in panel.card["competencies"]].index(must)][
            "name"
        ]
        in page
    )
    listing = client.get(path).get_data(as_text=True)
    assert "0 of 2" in listing
    managed = client.get("/candidates").get_data(as_text=True)
    assert f"/scorecards/{panel.scorecard_id}/comparison" in managed  # it has a candidate now


def test_interviewers_see_only_their_panels(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine)
    mine = add_candidate(client, panel, "Ada Okafor", ["i1@example.com"])
    other = add_candidate(client, panel, "Ben Lind", ["i2@example.com"])
    login("i1@example.com")
    listing = client.get("/candidates").get_data(as_text=True)
    assert "Ada Okafor" in listing and "Ben Lind" not in listing
    assert client.get(f"/candidates/{mine}").status_code == 200
    for path in (
        f"/candidates/{other}",
        f"/candidates/{other}/score",
        f"/candidates/{other}/kit",
        f"/scorecards/{panel.scorecard_id}/candidates",
        f"/scorecards/{panel.scorecard_id}/comparison",
    ):
        assert client.get(path).status_code == 404, path


def test_every_candidate_page_is_free_of_inline_script_and_style(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine)
    candidate = add_candidate(client, panel, "Ada Okafor")
    score(client, panel.interviewers["i1@example.com"], candidate, ratings_for(panel.card))
    pages = []
    login("i2@example.com")
    for path in (
        "/candidates",
        f"/candidates/{candidate}",
        f"/candidates/{candidate}/score",
        f"/candidates/{candidate}/kit",
    ):
        pages.append(client.get(path).get_data(as_text=True))
    client.post("/logout", data={"csrf_token": csrf_from(pages[-1])})
    login("hm@example.com")
    for path in (
        "/candidates",
        f"/candidates/{candidate}",
        f"/scorecards/{panel.scorecard_id}/candidates",
        f"/scorecards/{panel.scorecard_id}/comparison",
        f"/candidates/{candidate}/kit?interviewer=2",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(response.get_data(as_text=True))
    for html in pages:
        assert "<script>" not in html and "onclick=" not in html and "style=" not in html
        assert all(
            tag.startswith('<script src="/static/') for tag in re.findall(r"<script[^>]*>", html)
        )
