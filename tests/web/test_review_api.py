"""Review through the API: versions with ETag/If-Match, approval and its lock, fair-interview
blocking, regeneration proposals, restore, diffs, permissions and the audit trail."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import SAMPLE_DIR
from web.db import session_scope
from web.models import ScorecardRecord

JD = (SAMPLE_DIR / "customer_success_manager.md").read_text()


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


@pytest.fixture
def people(api_token):
    """Tokens for a recruiter (owner), a hiring manager, an interviewer and another recruiter."""
    return {
        "recruiter": api_token("rec@example.com", "recruiter"),
        "manager": api_token("hm@example.com", "hiring_manager"),
        "interviewer": api_token("int@example.com", "interviewer"),
        "other": api_token("other@example.com", "recruiter"),
        "admin": api_token("admin@example.com", "admin"),
    }


@pytest.fixture
def scorecard(client, people):
    """A generated draft owned by the recruiter: (id, etag, JSON)."""
    job = client.post(
        "/api/scorecards", json={"job_description": JD}, headers=auth(people["recruiter"])
    ).get_json()
    scorecard_id = client.get(
        f"/api/jobs/{job['job_id']}", headers=auth(people["recruiter"])
    ).get_json()["scorecard_id"]
    response = client.get(f"/api/scorecards/{scorecard_id}", headers=auth(people["recruiter"]))
    return scorecard_id, response.headers["ETag"], response.get_json()["scorecard"]


def put(client, token, scorecard_id, data, etag=None):
    headers = auth(token, **({"If-Match": etag} if etag else {}))
    return client.put(f"/api/scorecards/{scorecard_id}", json=data, headers=headers)


def test_edit_makes_a_new_version_and_keeps_the_old_one(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    edited = copy.deepcopy(data)
    edited["competencies"][0]["rubric"][3]["description"] = "Runs renewal reviews that others copy."
    response = put(client, people["manager"], scorecard_id, edited, etag)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == 2 and body["status"] == "draft" and body["id"] != scorecard_id
    assert response.headers["ETag"] != etag
    assert body["scorecard"]["competencies"][0]["rubric"][3]["description"] == (
        "Runs renewal reviews that others copy."
    )
    old = client.get(f"/api/scorecards/{scorecard_id}", headers=auth(people["manager"])).get_json()
    assert old["scorecard"] == data and old["version"] == 1
    versions = client.get(
        f"/api/scorecards/{body['id']}/versions", headers=auth(people["manager"])
    ).get_json()["versions"]
    assert [(v["version"], v["status"], v["author"]) for v in versions] == [
        (2, "draft", "hm@example.com"),
        (1, "superseded", "rec@example.com"),
    ]
    name = data["competencies"][0]["name"]
    assert versions[0]["summary"] == f"Rubric of {name} edited"
    assert versions[0]["changed_parts"] == [f"competency:{data['competencies'][0]['id']}"]


def test_if_match_is_required_and_must_be_current(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    assert put(client, people["manager"], scorecard_id, data).status_code == 428
    assert put(client, people["manager"], scorecard_id, data, '"nope"').status_code == 412
    edited = copy.deepcopy(data)
    edited["about"] = "A shorter guide for the panel."
    first = put(client, people["manager"], scorecard_id, edited, etag)
    assert first.status_code == 200
    # The same edit again with the old tag: someone else saved in between.
    again = put(client, people["recruiter"], scorecard_id, edited, etag)
    assert again.status_code == 412
    error = again.get_json()
    assert "hm@example.com" in error["error"] and error["head"]["version"] == 2
    assert error["head"]["etag"] == first.headers["ETag"]
    # Nothing else was saved.
    versions = client.get(
        f"/api/scorecards/{scorecard_id}/versions", headers=auth(people["manager"])
    ).get_json()["versions"]
    assert len(versions) == 2


def test_invalid_edit_is_422_at_the_field_and_saves_nothing(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    broken = copy.deepcopy(data)
    broken["competencies"][0]["weight"] += 5
    response = put(client, people["manager"], scorecard_id, broken, etag)
    assert response.status_code == 422
    body = response.get_json()
    assert "competencies.0.weight" in body["errors"]
    assert "100" in " ".join(body["errors"]["competencies.0.weight"])
    forged = copy.deepcopy(data)
    forged["competencies"][1]["evidence"] = ["Invented a line the posting never says."]
    response = put(client, people["manager"], scorecard_id, forged, etag)
    assert (
        response.status_code == 422 and "competencies.1.evidence" in response.get_json()["errors"]
    )
    versions = client.get(
        f"/api/scorecards/{scorecard_id}/versions", headers=auth(people["manager"])
    ).get_json()["versions"]
    assert len(versions) == 1


@pytest.mark.parametrize(
    "breakage",
    [
        {"competencies": "not a list"},
        {"competencies": [1, 2, 3, 4, 5]},
        {"agenda": {"minutes": 5}},
        {"questions": None},
        {"case_study": None},
        {"about": "x" * 5_001},
    ],
    ids=[
        "competencies-str",
        "competencies-ints",
        "agenda-dict",
        "questions-none",
        "case-none",
        "huge",
    ],
)
def test_malformed_bodies_are_422_naming_the_field(client, people, scorecard, breakage):
    scorecard_id, etag, data = scorecard
    response = put(client, people["manager"], scorecard_id, {**data, **breakage}, etag)
    assert response.status_code == 422
    field = next(iter(breakage))
    assert any(path.startswith(field) for path in response.get_json()["errors"]), (
        response.get_json()
    )


def test_permissions_follow_roles_and_objects(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    # Another recruiter cannot see it; an interviewer cannot see a draft.
    assert put(client, people["other"], scorecard_id, data, etag).status_code == 404
    assert put(client, people["interviewer"], scorecard_id, data, etag).status_code == 404
    assert (
        client.post(
            f"/api/scorecards/{scorecard_id}/approve", headers=auth(people["recruiter"])
        ).status_code
        == 403
    )
    for path in ("versions", "diff?from=1&to=1"):
        assert (
            client.get(
                f"/api/scorecards/{scorecard_id}/{path}", headers=auth(people["other"])
            ).status_code
            == 404
        )


def test_submit_approve_lock_and_interviewers_see_the_approved_version(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    submitted = client.post(
        f"/api/scorecards/{scorecard_id}/submit", headers=auth(people["recruiter"])
    )
    assert submitted.status_code == 200 and submitted.get_json() == {
        "id": scorecard_id,
        "status": "in_review",
        "version": 1,
    }
    back = client.post(
        f"/api/scorecards/{scorecard_id}/request-changes",
        json={"comment": "Weight the renewals competency higher."},
        headers=auth(people["manager"]),
    )
    assert back.status_code == 200 and back.get_json()["status"] == "draft"
    assert (
        client.post(
            f"/api/scorecards/{scorecard_id}/request-changes",
            json={"comment": "again"},
            headers=auth(people["manager"]),
        ).status_code
        == 409
    )
    approved = client.post(
        f"/api/scorecards/{scorecard_id}/approve", headers=auth(people["manager"])
    )
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    # The recruiter may no longer edit it; a hiring manager's edit starts a new draft.
    assert put(client, people["recruiter"], scorecard_id, data, etag).status_code == 403
    edited = copy.deepcopy(data)
    edited["about"] = "Version two of the guide."
    draft = put(client, people["manager"], scorecard_id, edited, etag).get_json()
    assert draft["status"] == "draft" and draft["version"] == 2
    # Interviewers see exactly the approved version, not the newer draft.
    listing = client.get("/api/scorecards", headers=auth(people["interviewer"])).get_json()
    assert [(i["id"], i["version"]) for i in listing["items"]] == [(scorecard_id, 1)]
    assert (
        client.get(
            f"/api/scorecards/{draft['id']}", headers=auth(people["interviewer"])
        ).status_code
        == 404
    )
    # Approving the new draft archives the old approval.
    assert (
        client.post(
            f"/api/scorecards/{draft['id']}/approve", headers=auth(people["manager"])
        ).get_json()["status"]
        == "approved"
    )
    old = client.get(f"/api/scorecards/{scorecard_id}", headers=auth(people["manager"])).get_json()
    assert old["status"] == "archived"
    listing = client.get("/api/scorecards", headers=auth(people["interviewer"])).get_json()
    assert [(i["id"], i["version"]) for i in listing["items"]] == [(draft["id"], 2)]


def test_fair_interview_findings_block_approval_until_overridden(client, app, people, scorecard):
    scorecard_id, etag, data = scorecard
    edited = copy.deepcopy(data)
    edited["questions"][0]["text"] = "How old are you, and do you plan to have children soon?"
    saved = put(client, people["manager"], scorecard_id, edited, etag).get_json()
    response = client.post(
        f"/api/scorecards/{saved['id']}/approve", headers=auth(people["manager"])
    )
    assert response.status_code == 409
    findings = response.get_json()["findings"]
    topics = {f["topic"] for f in findings}
    assert {"age"} <= topics and all(f["location"] == "questions.0.text" for f in findings)
    # A reason that is too short is refused; with one, each finding is kept and approval works.
    key = findings[0]["key"]
    short = client.post(
        f"/api/scorecards/{saved['id']}/findings/{key}/override",
        json={"reason": "ok"},
        headers=auth(people["manager"]),
    )
    assert short.status_code == 422 and short.get_json()["field"] == "reason"
    assert (
        client.post(
            f"/api/scorecards/{saved['id']}/findings/{key}/override",
            json={"reason": "Asked for a lawful reason here."},
            headers=auth(people["recruiter"]),
        ).status_code
        == 403
    )
    for finding in findings:
        response = client.post(
            f"/api/scorecards/{saved['id']}/findings/{finding['key']}/override",
            json={"reason": "Asked for a lawful reason here."},
            headers=auth(people["manager"]),
        )
        assert response.status_code == 200
    assert (
        client.post(
            f"/api/scorecards/{saved['id']}/approve", headers=auth(people["manager"])
        ).status_code
        == 200
    )
    listed = client.get(
        f"/api/scorecards/{saved['id']}/findings", headers=auth(people["manager"])
    ).get_json()["findings"]
    assert listed and all(f["overridden"] for f in listed)
    from web.store.review import audit_trail

    with session_scope(app.extensions["scorecard"]["engine"]) as session:
        lineage = session.get(ScorecardRecord, saved["id"]).lineage_id
        overrides = [
            e
            for e, _ in audit_trail(session, lineage_id=lineage)
            if e.action == "fairness.overridden"
        ]
    assert len(overrides) == len(findings) and "lawful reason" in overrides[0].detail


def test_regenerate_returns_a_proposal_that_changes_only_that_part(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    response = client.post(
        f"/api/scorecards/{scorecard_id}/regenerate",
        json={"part": "case_study", "instruction": "make it about a hospital merger"},
        headers=auth(people["manager"]),
    )
    assert response.status_code == 202
    job_id = response.get_json()["job_id"]
    job = client.get(f"/api/regenerations/{job_id}", headers=auth(people["manager"])).get_json()
    assert job["status"] == "succeeded" and job["decision"] is None
    assert job["diff"]["changed_parts"] == ["case_study"]
    # Not saved yet.
    assert (
        len(
            client.get(
                f"/api/scorecards/{scorecard_id}/versions", headers=auth(people["manager"])
            ).get_json()["versions"]
        )
        == 1
    )
    accepted = client.post(
        f"/api/regenerations/{job_id}/accept", headers=auth(people["manager"])
    ).get_json()
    assert accepted["version"] == 2
    new = client.get(
        f"/api/scorecards/{accepted['id']}", headers=auth(people["manager"])
    ).get_json()
    changed = {k for k in data if k != "provenance" and data[k] != new["scorecard"][k]}
    assert changed == {"case_study"}
    assert (
        client.post(
            f"/api/regenerations/{job_id}/accept", headers=auth(people["manager"])
        ).status_code
        == 409
    )
    bad = client.post(
        f"/api/scorecards/{scorecard_id}/regenerate",
        json={"part": "competency:not-there"},
        headers=auth(people["manager"]),
    )
    assert bad.status_code == 422 and bad.get_json()["field"] == "part"


def test_restore_and_diff(client, people, scorecard):
    scorecard_id, etag, data = scorecard
    edited = copy.deepcopy(data)
    first, second = edited["competencies"][0], edited["competencies"][1]
    first["weight"], second["weight"] = first["weight"] + 5, second["weight"] - 5
    saved = put(client, people["manager"], scorecard_id, edited, etag).get_json()
    diff = client.get(
        f"/api/scorecards/{saved['id']}/diff?from=1&to=2", headers=auth(people["manager"])
    ).get_json()
    weights = [(w["id"], w["before"], w["after"]) for w in diff["weights"]]
    assert weights == [
        (first["id"], first["weight"] - 5, first["weight"]),
        (second["id"], second["weight"] + 5, second["weight"]),
    ]
    assert diff["from"] == 1 and diff["to"] == 2
    restored = client.post(
        f"/api/scorecards/{saved['id']}/restore",
        json={"version": 1},
        headers=auth(people["manager"]),
    ).get_json()
    assert restored["version"] == 3
    back = client.get(
        f"/api/scorecards/{restored['id']}", headers=auth(people["manager"])
    ).get_json()
    assert back["scorecard"]["competencies"] == data["competencies"]
    none = client.get(
        f"/api/scorecards/{saved['id']}/diff?from=1&to=3", headers=auth(people["manager"])
    ).get_json()
    assert none["changes"] == []


def test_versions_are_immutable_in_the_database(app, scorecard):
    scorecard_id, _etag, _data = scorecard
    engine = app.extensions["scorecard"]["engine"]
    with pytest.raises(DBAPIError), session_scope(engine) as session:
        session.execute(
            text("UPDATE scorecard SET data = :data WHERE id = :id"),
            {"data": '{"tampered": true}', "id": scorecard_id},
        )
    with session_scope(engine) as session:
        session.execute(
            text("UPDATE scorecard SET status = 'in_review' WHERE id = :id"), {"id": scorecard_id}
        )


def test_audit_trail_records_each_step(client, app, people, scorecard):
    scorecard_id, etag, data = scorecard
    edited = copy.deepcopy(data)
    edited["about"] = "Edited guide."
    saved = put(client, people["manager"], scorecard_id, edited, etag).get_json()
    client.post(f"/api/scorecards/{saved['id']}/submit", headers=auth(people["recruiter"]))
    client.post(f"/api/scorecards/{saved['id']}/approve", headers=auth(people["manager"]))
    client.get(f"/api/scorecards/{saved['id']}/export?format=json", headers=auth(people["manager"]))
    from web.store.review import audit_trail

    engine = app.extensions["scorecard"]["engine"]
    with session_scope(engine) as session:
        lineage = session.get(ScorecardRecord, scorecard_id).lineage_id
        actions = [(e.action, who) for e, who in reversed(audit_trail(session, lineage_id=lineage))]
    assert actions == [
        ("scorecard.generated", None),
        ("scorecard.edited", "hm@example.com"),
        ("scorecard.submitted", "rec@example.com"),
        ("scorecard.approved", "hm@example.com"),
        ("scorecard.exported", "hm@example.com"),
    ]
