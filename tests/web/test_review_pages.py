"""Review in the browser pages (Flask test client): history, diffs, the review steps, comments,
fair-interview overrides, regeneration proposals, start-from-this and the admin audit page."""

from __future__ import annotations

import copy
import re

import pytest
from sqlmodel import select

from tests.conftest import SAMPLE_DIR
from tests.web.conftest import csrf_from
from web import store
from web.db import session_scope
from web.models import ScorecardRecord

JD = (SAMPLE_DIR / "registered_nurse.txt").read_text()


@pytest.fixture
def draft(client, make_user, login, engine):
    """A recruiter's generated draft; returns its id. Also creates a hiring manager."""
    make_user("rec@example.com", "recruiter")
    make_user("hm@example.com", "hiring_manager")
    make_user("int@example.com", "interviewer")
    login("rec@example.com")
    page = client.get("/scorecards/new").get_data(as_text=True)
    response = client.post(
        "/scorecards/new", data={"job_description": JD, "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/scorecards").get_data(as_text=True))}
    )
    with session_scope(engine) as session:
        return max(session.exec(select(ScorecardRecord.id)).all())


def post(client, path, data=None, page="/scorecards"):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(path, data={**(data or {}), "csrf_token": token})


def test_review_steps_through_the_pages(client, login, draft, engine):
    login("rec@example.com")
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    assert "Submit for review" in page and "Approve version" not in page
    assert post(client, f"/scorecards/{draft}/approve").status_code == 403
    assert post(client, f"/scorecards/{draft}/submit").status_code == 302
    assert "In review" in client.get(f"/scorecards/{draft}").get_data(as_text=True)

    login("hm@example.com")
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    assert "Approve version 1" in page and "Request changes" in page
    response = post(
        client, f"/scorecards/{draft}/request-changes", {"comment": "Add a question on sepsis."}
    )
    assert response.status_code == 302
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    assert "Changes requested by hm@example.com: Add a question on sepsis." in page
    assert post(client, f"/scorecards/{draft}/approve").status_code == 302
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    assert "Version 1 is approved" in page and 'class="status status-approved"' in page

    login("int@example.com")
    assert client.get(f"/scorecards/{draft}").status_code == 200
    assert (
        "Edit"
        not in re.sub(
            r"<[^>]+>", " ", client.get(f"/scorecards/{draft}").get_data(as_text=True)
        ).split("Interview Guide")[0]
    )


def test_comments_on_parts_and_resolving_them(client, login, draft):
    login("hm@example.com")
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    part = re.search(r'<option value="(competency:[^"]+)">Competency: ([^<]+)</option>', page)
    assert part
    post(client, f"/scorecards/{draft}/comments", {"part": part.group(1), "body": "Too generic."})
    page = client.get(f"/scorecards/{draft}").get_data(as_text=True)
    assert f"hm@example.com on Competency: {part.group(2)}" in page and "Too generic." in page
    comment_id = re.search(r"/comments/(\d+)/resolve", page).group(1)
    post(client, f"/scorecards/{draft}/comments/{comment_id}/resolve")
    assert "· resolved" in client.get(f"/scorecards/{draft}").get_data(as_text=True)
    login("int@example.com")
    assert post(client, f"/scorecards/{draft}/comments", {"body": "x"}).status_code == 404


def test_history_diff_restore_and_copy(client, login, draft, engine):
    login("hm@example.com")
    with session_scope(engine) as session:
        record = session.get(ScorecardRecord, draft)
        manager = next(u for u in store.list_users(session) if u.email == "hm@example.com")
        from generator.schema import Scorecard
        from web.store.versions import save_version

        card = Scorecard.model_validate(record.data)
        edited = card.model_copy(update={"about": "A shorter guide for the ward panel."})
        second = save_version(session, base=record, scorecard=edited, author=manager).id
    history = client.get(f"/scorecards/{second}/history").get_data(as_text=True)
    assert "v2" in history and "v1" in history and "hm@example.com" in history
    assert "About this guide reworded" in history
    diff = client.get(f"/scorecards/{second}/diff?from=1&to=2").get_data(as_text=True)
    assert "A shorter guide for the ward panel." in diff and "Version 1 → version 2" in diff
    assert client.get(f"/scorecards/{second}/diff?from=9&to=2").status_code == 404
    response = post(client, f"/scorecards/{second}/restore/1")
    assert response.status_code == 302
    restored = int(response.headers["Location"].rsplit("/", 1)[1])
    assert "Restored version 1" in client.get(f"/scorecards/{restored}").get_data(as_text=True)
    # Only approved scorecards can be copied for another opening.
    assert post(client, f"/scorecards/{restored}/copy").status_code == 403
    post(client, f"/scorecards/{restored}/approve")
    copied = post(client, f"/scorecards/{restored}/copy")
    assert copied.status_code == 302
    new_id = int(copied.headers["Location"].rsplit("/", 1)[1])
    with session_scope(engine) as session:
        a, b = session.get(ScorecardRecord, restored), session.get(ScorecardRecord, new_id)
        assert a.lineage_id != b.lineage_id and b.version == 1 and b.status == "draft"
        assert b.data == a.data


def test_regenerate_page_proposal_then_discard(client, login, draft):
    login("hm@example.com")
    page = client.get(f"/scorecards/{draft}/regenerate").get_data(as_text=True)
    assert "Case study / role play" in page
    bad = post(
        client,
        f"/scorecards/{draft}/regenerate",
        {"part": "nonsense"},
        page=f"/scorecards/{draft}/regenerate",
    )
    assert bad.status_code == 422
    response = post(
        client,
        f"/scorecards/{draft}/regenerate",
        {"part": "questions", "instruction": "harder questions on sepsis"},
        page=f"/scorecards/{draft}/regenerate",
    )
    assert response.status_code == 302
    proposal = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Proposed change" in proposal and "Accept as version 2" in proposal
    job_path = response.headers["Location"]
    post(client, f"{job_path}/discard")
    assert "This proposal was discarded" in client.get(job_path).get_data(as_text=True)
    assert post(client, f"{job_path}/accept").status_code == 302  # refused with a message
    assert "already discarded" in client.get(job_path).get_data(as_text=True)
    login("int@example.com")
    assert client.get(job_path).status_code == 404


def test_fairness_override_form_and_admin_audit(client, login, draft, engine, make_user):
    with session_scope(engine) as session:
        record = session.get(ScorecardRecord, draft)
        manager = next(u for u in store.list_users(session) if u.email == "hm@example.com")
        from generator.schema import Scorecard
        from web.store.versions import save_version

        data = copy.deepcopy(record.data)
        data["questions"][0]["text"] = "Are you married, and who looks after your kids?"
        second = save_version(
            session, base=record, scorecard=Scorecard.model_validate(data), author=manager
        ).id
    login("hm@example.com")
    page = client.get(f"/scorecards/{second}").get_data(as_text=True)
    assert "Fair-interview check" in page and "Marital or relationship status" in page
    post(client, f"/scorecards/{second}/approve")
    assert "must be fixed or overridden" in client.get(f"/scorecards/{second}").get_data(
        as_text=True
    )
    for key in set(re.findall(r'name="key" value="([0-9a-f]+)"', page)):
        post(
            client,
            f"/scorecards/{second}/fairness/override",
            {"key": key, "reason": "Quoted from a training case."},
        )
    post(client, f"/scorecards/{second}/approve")
    assert "Version 2 is approved" in client.get(f"/scorecards/{second}").get_data(as_text=True)
    make_user("admin@example.com", "admin")
    login("admin@example.com")
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "fairness.overridden" in audit and "scorecard.approved" in audit
    login("hm@example.com")
    assert client.get("/admin/audit").status_code == 403
