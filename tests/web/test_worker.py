"""The background worker: a real huey consumer, restarts without duplicates, failures that keep the JD."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import pytest
import respx
from sqlalchemy import update
from sqlmodel import func, select

from tests.conftest import SAMPLE_DIR
from web import create_app, store
from web.db import session_scope
from web.models import GenerationJob, JobStatus, ScorecardRecord, utcnow
from web.store import leases
from web.tasks import recover_jobs, run_generation
from web.worker import start_embedded

JD = (SAMPLE_DIR / "hr_generalist.txt").read_text()


def _job(app, email="r@example.com", model="offline") -> str:
    engine = app.extensions["scorecard"]["engine"]
    with session_scope(engine) as session:
        user = store.create_user(
            session, email=email, password="correct-horse-battery", role="recruiter"
        )
        job = store.create_generation(
            session,
            owner=user,
            text=JD,
            title="HR Generalist",
            filename=None,
            options={"competencies": 6, "questions": 16},
            model=model,
        )
        return job.id


def _wait(engine, job_id: str, seconds: float = 30.0) -> GenerationJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            job = store.get_job(session, job_id=job_id)
            if job.status in (JobStatus.succeeded, JobStatus.failed):
                return job
        time.sleep(0.1)
    raise AssertionError("the worker did not finish the job")


def _claim(session, job_id: str) -> str | None:
    return leases.claim(session, GenerationJob, job_id=job_id, stale_seconds=30, max_attempts=3)


def _scorecards(engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(ScorecardRecord)).one()


def test_real_consumer_runs_queued_jobs(queued_app):
    ext = queued_app.extensions["scorecard"]
    job_id = _job(queued_app)
    ext["queue"].generate_task(job_id)
    consumer = start_embedded(ext["queue"], workers=1)
    try:
        job = _wait(ext["engine"], job_id)
    finally:
        consumer.stop(graceful=True)
    assert job.status == JobStatus.succeeded
    assert _scorecards(ext["engine"]) == 1


def test_job_killed_mid_run_runs_again_without_a_duplicate(queued_app):
    ext = queued_app.extensions["scorecard"]
    engine = ext["engine"]
    job_id = _job(queued_app)
    # A worker claimed the job and died: the job is 'running' and its heartbeat has gone quiet.
    with session_scope(engine) as session:
        assert _claim(session, job_id)
        session.exec(
            update(GenerationJob)
            .where(GenerationJob.id == job_id)
            .values(heartbeat_at=utcnow() - timedelta(minutes=10))
        )
    consumer = start_embedded(ext["queue"], workers=1)  # startup recovery re-enqueues the stale job
    try:
        job = _wait(engine, job_id)
    finally:
        consumer.stop(graceful=True)
    assert job.status == JobStatus.succeeded and job.attempts == 2
    # Running it again (a duplicate enqueue, or recovery racing a slow worker) changes nothing.
    run_generation(engine, job_id)
    with session_scope(engine) as session:
        session.exec(
            update(GenerationJob)
            .where(GenerationJob.id == job_id)
            .values(status=JobStatus.running, heartbeat_at=utcnow() - timedelta(minutes=10))
        )
    run_generation(engine, job_id)
    assert _scorecards(engine) == 1


def test_live_job_is_not_taken_over(queued_app):
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app)
    with session_scope(engine) as session:
        assert _claim(session, job_id)
        assert not _claim(session, job_id)  # heartbeat is fresh
    enqueued: list[str] = []
    assert recover_jobs(engine, enqueued.append) == []


def test_model_failure_is_shown_and_the_jd_is_kept(queued_app, monkeypatch, tmp_path):
    monkeypatch.setenv("SCORECARD_MODEL", "openai/gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "c.sqlite3"))
    monkeypatch.setenv("SCORECARD_MAX_ATTEMPTS", "1")
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app, model="openai/gpt-4o-mini")
    with respx.mock() as mock:
        mock.post("https://api.openai.com/v1/chat/completions").mock(
            return_value=httpx.Response(
                503, json={"error": {"message": "overloaded", "type": "server_error"}}
            )
        )
        run_generation(engine, job_id)
    with session_scope(engine) as session:
        job = store.get_job(session, job_id=job_id)
        jd = store.get_job_description(session, jd_id=job.job_description_id)
    assert job.status == JobStatus.failed and "nothing was saved" in job.error
    assert jd.text == JD
    assert _scorecards(engine) == 0
    client = queued_app.test_client()
    from tests.web.conftest import csrf_from

    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login",
        data={"email": "r@example.com", "password": "correct-horse-battery", "csrf_token": token},
    )
    html = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "nothing was saved" in html and "Brightwater Foods" in html


def test_sqlite_runs_in_wal_with_busy_timeout_and_foreign_keys(tmp_path):
    from sqlalchemy import text

    from web.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def _redis_available() -> bool:
    try:
        import redis

        return bool(
            redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
        )
    except Exception:
        return False


@pytest.mark.skipif(not _redis_available(), reason="Redis is not reachable")
def test_redis_queue_with_a_real_consumer(tmp_path, monkeypatch):
    from huey import RedisHuey

    monkeypatch.delenv("SCORECARD_MODEL", raising=False)
    app = create_app(
        {
            "instance_path": tmp_path / "instance",
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "redis_url": "redis://127.0.0.1:6379/15",
        }
    )
    ext = app.extensions["scorecard"]
    assert isinstance(ext["queue"], RedisHuey)
    ext["queue"].flush()
    job_id = _job(app)
    ext["queue"].generate_task(job_id)
    consumer = start_embedded(ext["queue"], workers=1)
    try:
        assert _wait(ext["engine"], job_id).status == JobStatus.succeeded
    finally:
        consumer.stop(graceful=True)
        ext["queue"].flush()
    assert _scorecards(ext["engine"]) == 1


def test_invalid_model_settings_fail_the_job_with_the_variable_named(queued_app, monkeypatch):
    monkeypatch.setenv("SCORECARD_MAX_ATTEMPTS", "many")
    engine = queued_app.extensions["scorecard"]["engine"]
    job_id = _job(queued_app, model="openai/gpt-4o-mini")
    run_generation(engine, job_id)
    with session_scope(engine) as session:
        job = store.get_job(session, job_id=job_id)
    assert job.status == JobStatus.failed and job.error.startswith("SCORECARD_MAX_ATTEMPTS:")
    client = queued_app.test_client()
    from tests.web.conftest import csrf_from

    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login",
        data={"email": "r@example.com", "password": "correct-horse-battery", "csrf_token": token},
    )
    assert client.get("/scorecards/new").status_code == 200  # the form still works, offline only
