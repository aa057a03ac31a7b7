"""Jobs that cannot stall, repeat or vanish: leases, heartbeats, bounded attempts, failed saves."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import func, select

from generator.errors import RunCancelledError
from tests.web.test_worker import JD, _claim, _job
from web import store, tasks
from web.db import session_scope
from web.models import GenerationJob, JobStatus, ScorecardRecord, utcnow
from web.store import leases
from web.store.leases import LeaseLost


def _get(engine, job_id: str) -> GenerationJob:
    with session_scope(engine) as session:
        return store.get_job(session, job_id=job_id)


def _scorecards(engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(ScorecardRecord)).one()


def test_a_title_longer_than_its_column_is_shortened_and_the_job_saves(queued_app):
    engine = queued_app.extensions["scorecard"]["engine"]
    title = "SeniorPlatformReliabilityEngineer" * 9  # 297 characters the parser keeps as the title
    posting = (
        f"{title}\n\nResponsibilities\n- Run the on-call rotation for the payments platform\n"
        "- Write postmortems and follow up on their action items\n"
        "- Improve alerting and dashboards in Grafana\n\nRequirements\n"
        "- 5 years running Linux services in production\n- Strong Python or Go\n"
    )
    with session_scope(engine) as session:
        user = store.create_user(
            session, email="t@example.com", password="correct-horse-battery", role="recruiter"
        )
        job = store.create_generation(
            session,
            owner=user,
            text=posting,
            title=title,
            filename="x" * 300 + ".docx",
            options={},
            model="offline",
        )
        jd = store.get_job_description(session, jd_id=job.job_description_id)
        assert len(jd.title) <= 200 and len(jd.filename) == 255 and jd.filename.endswith(".docx")
    tasks.run_generation(engine, job.id)
    assert _get(engine, job.id).status == JobStatus.succeeded
    with session_scope(engine) as session:
        record = session.exec(select(ScorecardRecord)).one()
    assert len(record.title) <= 200 and record.data["role"]["title"] == title


def test_any_error_while_saving_fails_the_job_once_with_a_sentence(queued_app, monkeypatch):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)

    def broken_save(*_args, **_kwargs):
        raise RuntimeError("value too long for type character varying(200)")

    monkeypatch.setattr(store, "finish_job", broken_save)
    tasks.run_generation(engine, job_id)
    job = _get(engine, job_id)
    assert job.status == JobStatus.failed and job.error == tasks.SAVE_FAILED
    assert job.attempts == 1 and _scorecards(engine) == 0
    enqueued: list[str] = []
    tasks.recover_jobs(engine, enqueued.append, stale_seconds=0)
    assert enqueued == []  # a failed job is never retried


def test_a_job_that_keeps_dying_is_failed_after_its_attempts(queued_app):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
        with session_scope(engine) as session:  # a worker claims it, then dies
            assert _claim(session, job_id)
            session.exec(
                update(GenerationJob)
                .where(GenerationJob.id == job_id)
                .values(heartbeat_at=utcnow() - timedelta(minutes=5))
            )
        enqueued: list[str] = []
        tasks.recover_jobs(engine, enqueued.append)
        assert enqueued == ([job_id] if attempt < tasks.MAX_ATTEMPTS else [])
    job = _get(engine, job_id)
    assert job.status == JobStatus.failed and f"stopped {tasks.MAX_ATTEMPTS} times" in job.error
    tasks.run_generation(engine, job_id)
    assert _scorecards(engine) == 0 and _get(engine, job_id).attempts == tasks.MAX_ATTEMPTS


class SlowModel:
    """Stands in for a model that takes minutes per call: works until cancelled or released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.cancelled = False

    def __call__(self, *_args, cancel: threading.Event | None = None, **_kwargs):
        self.started.set()
        while not self.release.wait(0.05):
            if cancel is not None and cancel.is_set():
                self.cancelled = True
                raise RunCancelledError("stopped")
        from generator.offline.pipeline import generate_scorecard

        return generate_scorecard(JD)


def _run_in_thread(engine, job_id: str) -> threading.Thread:
    thread = threading.Thread(
        target=tasks.run_generation,
        args=(engine, job_id),
        kwargs={"stale_seconds": 1, "heartbeat_seconds": 0.2},
    )
    thread.start()
    return thread


def test_a_slow_model_call_keeps_its_job_alive(queued_app, monkeypatch):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    model = SlowModel()
    monkeypatch.setattr("generator.engines.generate", model)
    thread = _run_in_thread(engine, job_id)
    assert model.started.wait(10)
    time.sleep(2.5)  # well past the 1 s after which a job without heartbeats is taken for dead
    with session_scope(engine) as session:
        assert (
            leases.claim(session, GenerationJob, job_id=job_id, stale_seconds=1, max_attempts=3)
            is None
        )
        assert leases.unfinished(session, GenerationJob, stale_seconds=1) == []
    model.release.set()
    thread.join(10)
    job = _get(engine, job_id)
    assert job.status == JobStatus.succeeded and job.attempts == 1 and _scorecards(engine) == 1


def test_a_superseded_run_stops_calling_the_model_and_cannot_save(queued_app, monkeypatch, caplog):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    model = SlowModel()
    monkeypatch.setattr("generator.engines.generate", model)
    caplog.set_level(logging.WARNING, logger="web.job_runs")
    thread = _run_in_thread(engine, job_id)
    assert model.started.wait(10)
    with session_scope(engine) as session:  # another worker took the job over
        session.exec(update(GenerationJob).where(GenerationJob.id == job_id).values(lease="f" * 32))
    thread.join(10)
    assert not thread.is_alive() and model.cancelled
    job = _get(engine, job_id)
    assert job.status == JobStatus.running and job.lease == "f" * 32  # the new run's, untouched
    assert _scorecards(engine) == 0
    assert "lost its lease" in caplog.text


def test_a_run_whose_job_was_failed_elsewhere_cannot_save(queued_app, engine=None):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    with session_scope(engine) as session:
        lease = _claim(session, job_id)
        leases.fail(session, GenerationJob, job_id=job_id, error="Stopped by recovery.", lease=None)
    from generator.offline.pipeline import generate_scorecard

    card = generate_scorecard(JD)
    with pytest.raises(LeaseLost), session_scope(engine) as session:
        store.finish_job(session, job=_get(engine, job_id), lease=lease, scorecard=card)
    assert _scorecards(engine) == 0 and _get(engine, job_id).error == "Stopped by recovery."


def test_a_task_for_a_job_this_database_lacks_is_an_error_in_the_log(queued_app, caplog):
    engine = queued_app.extensions["scorecard"]["engine"]
    caplog.set_level(logging.ERROR, logger="web.tasks")
    tasks.run_generation(engine, "0" * 32)
    assert "not in this worker's database" in caplog.text


def test_the_progress_page_says_when_no_worker_has_started_the_job(queued_app):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    client = queued_app.test_client()
    from tests.web.conftest import csrf_from

    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login",
        data={"email": "r@example.com", "password": "correct-horse-battery", "csrf_token": token},
    )
    assert client.get(f"/jobs/{job_id}/status").get_json()["notice"] is None
    with session_scope(engine) as session:
        session.exec(
            update(GenerationJob)
            .where(GenerationJob.id == job_id)
            .values(created_at=utcnow() - timedelta(minutes=2))
        )
    notice = client.get(f"/jobs/{job_id}/status").get_json()["notice"]
    assert "No worker has started this job" in notice
    assert "No worker has started this job" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
