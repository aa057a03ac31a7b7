"""The progress page's stage checklist, and the notice of a generation that finished while away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from generator.progress import STAGES
from tests.web.conftest import PASSWORD, csrf_from
from tests.web.test_scorecards import NURSE, generate_via_form
from web import store
from web.db import session_scope
from web.models import GenerationJob, JobStatus, utcnow


@pytest.fixture
def queued_client(queued_app):
    """A logged-in recruiter on the app whose jobs wait for a worker that never comes."""
    engine = queued_app.extensions["scorecard"]["engine"]
    with session_scope(engine) as session:
        store.create_user(session, email="r@example.com", password=PASSWORD, role="recruiter")
    client = queued_app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"email": "r@example.com", "password": PASSWORD, "csrf_token": token}
    )
    return client, engine


def move(engine, job_id: str, **values) -> None:
    with session_scope(engine) as session:
        session.exec(update(GenerationJob).where(GenerationJob.id == job_id).values(**values))


def states(status_json: dict) -> list[str]:
    return [line["state"] for line in status_json["stages"]]


def test_stages_are_ticked_off_in_the_generators_order(queued_client):
    client, engine = queued_client
    job_url = generate_via_form(client).headers["Location"]
    job_id = job_url.rsplit("/", 1)[1]
    queued = client.get(job_url + "/status").get_json()
    assert [line["stage"] for line in queued["stages"]] == list(STAGES)
    assert states(queued) == ["waiting"] * 6
    # The worker writes 100 * (step - 1) / 6 as each stage starts (web/tasks.py).
    move(
        engine,
        job_id,
        status=JobStatus.running,
        progress=int(100 * 3 / 6),
        stage="Building the question bank … 1,240 tokens received",
    )
    running = client.get(job_url + "/status").get_json()
    assert states(running) == ["done", "done", "done", "current", "waiting", "waiting"]
    html = client.get(job_url).get_data(as_text=True)
    assert 'aria-live="polite">Building the question bank' in html
    assert 'data-stage="questions" aria-current="step"' in html
    assert html.count("stage stage-done") == 3 and html.count("stage stage-waiting") == 2
    move(engine, job_id, status=JobStatus.failed, stage="Failed", error="The model refused.")
    failed = client.get(job_url + "/status").get_json()
    assert states(failed) == ["done", "done", "done", "failed", "waiting", "waiting"]


def test_a_finished_generation_is_announced_until_opened(app, client, make_user, login, engine):
    make_user("r@example.com")
    make_user("other@example.com")
    login("r@example.com")
    job_url = generate_via_form(client).headers["Location"]
    status = client.get(job_url + "/status").get_json()
    assert states(status) == ["done"] * 6
    html = client.get("/scorecards").get_data(as_text=True)
    assert "Your scorecard “Registered Nurse" in html and "is ready" in html
    assert status["scorecard_url"] in html.split("is ready")[1][:200]
    client.get(status["scorecard_url"])  # opening it ends the notice
    assert "is ready" not in client.get("/scorecards").get_data(as_text=True)
    # A job that finished long ago is not news, however it ended.
    second = generate_via_form(client, text=NURSE + "\n- Keep records").headers["Location"]
    move(engine, second.rsplit("/", 1)[1], heartbeat_at=utcnow() - timedelta(hours=2))
    assert "is ready" not in client.get("/scorecards").get_data(as_text=True)
    # Nor are other people's jobs (another browser, logged in at the same time).
    other = app.test_client()
    token = csrf_from(other.get("/login").get_data(as_text=True))
    other.post(
        "/login", data={"email": "other@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert generate_via_form(other, text=NURSE + "\n- Mentor students").status_code == 302
    assert "is ready" in other.get("/scorecards").get_data(as_text=True)
    assert "is ready" not in client.get("/scorecards").get_data(as_text=True)


def test_running_and_failed_jobs_are_listed_with_links(queued_client):
    client, engine = queued_client
    job_url = generate_via_form(client).headers["Location"]
    html = client.get("/scorecards").get_data(as_text=True)
    assert "is still being generated" in html and f'href="{job_url}"' in html
    move(engine, job_url.rsplit("/", 1)[1], status=JobStatus.failed, error="Stopped.")
    assert "failed" in client.get("/scorecards").get_data(as_text=True)
    client.get(job_url)  # seeing why it failed ends the notice
    assert "Your recent generations" not in client.get("/scorecards").get_data(as_text=True)
