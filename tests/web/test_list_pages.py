"""The scorecard list: owner and company columns, sorting, pages, and archiving or deleting a scorecard."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from tests.web.conftest import csrf_from
from tests.web.scoring_setup import add_candidate, approved_panel, count
from tests.web.test_scorecards import generate_via_form
from web.db import session_scope
from web.models import (
    AuditEvent,
    GenerationJob,
    JobDescription,
    LLMCall,
    ReviewComment,
    ScorecardRecord,
    User,
    utcnow,
)


def first_scorecard(client) -> str:
    """Generate a nurse scorecard through the form; its page's URL."""
    job_url = generate_via_form(client, company="St. Aldric").headers["Location"]
    return client.get(job_url + "/status").get_json()["scorecard_url"]


def copies(engine, scorecard_id: int, titles: list[str], owner_email: str | None = None) -> None:
    """More scorecards (own lineages) with these titles, one minute apart, oldest first."""
    with session_scope(engine) as session:
        source = session.get(ScorecardRecord, scorecard_id)
        assert source is not None
        owner_id = source.owner_id
        if owner_email:
            owner = session.exec(select(User).where(User.email == owner_email)).one()
            owner_id = owner.id
        start = utcnow() - timedelta(days=1)
        for n, title in enumerate(titles):
            session.add(
                ScorecardRecord(
                    title=title,
                    owner_id=owner_id,
                    job_description_id=source.job_description_id,
                    data=source.data,
                    status="approved" if n % 3 == 0 else "draft",
                    created_at=start + timedelta(minutes=n),
                )
            )


def titles_in(html: str) -> list[str]:
    return re.findall(r'<td><a href="/scorecards/\d+">([^<]+)</a>', html)


def test_columns_sort_and_pages(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    scorecard_id = int(first_scorecard(client).rsplit("/", 1)[1])
    copies(engine, scorecard_id, [f"Role {n:02d}" for n in range(30)])
    html = client.get("/scorecards").get_data(as_text=True)
    assert "1–25 of 31" in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert "r@example.com" in html and "St. Aldric" in html  # owner and company columns
    nurse = titles_in(html)[0]
    assert nurse.startswith("Registered Nurse") and titles_in(html)[1] == "Role 29"
    assert 'aria-sort="descending"' in html
    page2 = client.get("/scorecards?page=2").get_data(as_text=True)
    assert "26–31 of 31" in page2 and titles_in(page2)[-1] == "Role 00"
    by_title = client.get("/scorecards?sort=title&dir=asc").get_data(as_text=True)
    assert titles_in(by_title)[0] == nurse
    assert titles_in(by_title)[1:3] == ["Role 00", "Role 01"]
    assert 'aria-sort="ascending"' in by_title
    by_title_desc = client.get("/scorecards?sort=title&dir=desc").get_data(as_text=True)
    assert titles_in(by_title_desc)[0] == "Role 29"
    by_status = titles_in(client.get("/scorecards?sort=status&dir=asc").get_data(as_text=True))
    assert by_status[0] == "Role 00"  # approved sorts before draft
    # Search, status, sort and page together; page links keep the filters.
    filtered = client.get("/scorecards?q=role&status=draft&sort=title&dir=desc").get_data(
        as_text=True
    )
    shown = titles_in(filtered)
    assert shown[0] == "Role 29" and "Role 27" not in shown and "1–20 of 20" in filtered
    assert "q=role" in filtered and "status=draft" in filtered
    past_end = client.get("/scorecards?page=99999999999").get_data(as_text=True)
    assert "26–31 of 31" in past_end  # a page past the end shows the last one


def test_others_see_what_they_saw_before_and_cannot_archive_or_delete(
    client, make_user, login, engine
):
    make_user("a@example.com")
    make_user("b@example.com")
    make_user("hm@example.com", "hiring_manager")
    login("a@example.com")
    url = first_scorecard(client)
    scorecard_id = int(url.rsplit("/", 1)[1])
    assert "Delete" in client.get("/scorecards").get_data(as_text=True)
    for email in ("b@example.com", "hm@example.com"):
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/profile").text)})
        login(email)
        html = client.get("/scorecards").get_data(as_text=True)
        assert ("Registered Nurse" in html) == (email == "hm@example.com")
        assert f"/scorecards/{scorecard_id}/delete" not in html
        token = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
        expected = 404 if email == "b@example.com" else 403
        for path in ("archive-all", "delete"):
            response = client.post(f"{url}/{path}", data={"csrf_token": token})
            assert response.status_code == expected
        assert client.get(f"{url}/delete").status_code == expected
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/profile").text)})
    login("a@example.com")
    assert client.post(f"{url}/delete").status_code == 400  # no CSRF token
    assert count(engine, ScorecardRecord) == 1


def test_owner_archives_then_deletes_with_confirmation(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    url = first_scorecard(client)
    scorecard_id = int(url.rsplit("/", 1)[1])
    token = csrf_from(client.get(url).get_data(as_text=True))
    client.post(f"{url}/comments", data={"csrf_token": token, "part": "general", "body": "Hi"})
    response = client.post(f"{url}/archive-all", data={"csrf_token": token})
    assert response.status_code == 302
    assert "is archived" in client.get("/scorecards").get_data(as_text=True)
    assert "Registered Nurse" in client.get("/scorecards?status=archived").get_data(as_text=True)
    confirm = client.get(f"{url}/delete").get_data(as_text=True)
    assert "cannot be undone" in confirm and 'action="/scorecards/' in confirm
    assert count(engine, ScorecardRecord) == 1  # asking deletes nothing
    response = client.post(f"{url}/delete", data={"csrf_token": csrf_from(confirm)})
    assert response.status_code == 302
    assert "were deleted" in client.get("/scorecards").get_data(as_text=True)
    assert client.get(url).status_code == 404
    for model in (ScorecardRecord, ReviewComment, GenerationJob, LLMCall, JobDescription):
        assert count(engine, model) == 0, model
    with session_scope(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert "scorecard.archived" in actions and "scorecard.deleted" in actions
    assert scorecard_id


def test_a_scorecard_with_candidates_is_archived_not_deleted(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    add_candidate(client, panel, "Ada Lovelace")
    login("hm@example.com")
    url = f"/scorecards/{panel.scorecard_id}"  # the hiring manager's own scorecard
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(f"{url}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 candidate(s) with their interview ratings" in page and "Archive it instead" in page
    assert count(engine, ScorecardRecord) == 1


def test_deleting_a_source_keeps_its_copy(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    url = first_scorecard(client)
    scorecard_id = int(url.rsplit("/", 1)[1])
    copies(engine, scorecard_id, ["Copy of the nurse"])
    with session_scope(engine) as session:
        copy = session.exec(
            select(ScorecardRecord).where(ScorecardRecord.title == "Copy of the nurse")
        ).one()
        copy.parent_id = scorecard_id
        session.add(copy)
    token = csrf_from(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/delete", data={"csrf_token": token}).status_code == 302
    html = client.get("/scorecards").get_data(as_text=True)
    assert titles_in(html) == ["Copy of the nurse"]
    assert count(engine, JobDescription) == 1  # the copy still uses the job description
