"""Twenty interviewers submit feedback on the same candidate at the same moment, through a real
served app: waitress threads in this process, or `scorecard serve` as `make run` starts it (gunicorn
sync worker processes), on a SQLite file and on PostgreSQL. Every request succeeds, nothing is
"database is locked", and every rating is in the database afterwards."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, update
from sqlmodel import select

from tests.conftest import SAMPLE_DIR
from web import create_app, store
from web.db import session_scope
from web.models import Feedback, PanelMember, Rating, ScorecardRecord, User
from web.store import candidates as candidate_store
from web.tasks import run_generation

INTERVIEWERS = 20
ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = "Gave a specific, recent example and explained what they would do differently now."


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(engine) -> tuple[int, list[str], list[str]]:
    """An approved scorecard, one candidate with 20 interviewers on the panel; (candidate, tokens, ids)."""
    with session_scope(engine) as session:
        manager = store.create_user(
            session, email="hm@example.com", password="load-test-password", role="hiring_manager"
        )
        job = store.create_generation(
            session,
            owner=manager,
            text=(SAMPLE_DIR / "registered_nurse.txt").read_text(),
            title="Registered Nurse",
            filename=None,
            options={},
            model="offline",
        )
    run_generation(engine, job.id)
    tokens = []
    with session_scope(engine) as session:
        record = store.scorecard_for_job(session, job_id=job.id)
        session.exec(
            update(ScorecardRecord).where(ScorecardRecord.id == record.id).values(status="approved")
        )
        record.status = "approved"
        for n in range(INTERVIEWERS):
            # The hash is irrelevant here (tokens are used), so skip scrypt's cost.
            user = User(email=f"i{n}@example.com", role="interviewer", password_hash="x")
            session.add(user)
            session.flush()
            tokens.append(store.create_token(session, user=user)[0])
        ids = [c["id"] for c in record.data["competencies"]]
        candidate, _ = candidate_store.create_candidate(
            session,
            record=record,
            creator=manager,
            name="Ada Okafor",
            email=None,
            interviewers=[f"i{n}@example.com" for n in range(INTERVIEWERS)],
            focus={},
            competency_ids=ids,
        )
    return candidate.id, tokens, ids


def _serve_waitress(app):  # type: ignore[no-untyped-def]
    from waitress.server import create_server

    port = _free_port()
    httpd = create_server(app, host="127.0.0.1", port=port, threads=INTERVIEWERS)
    threading.Thread(target=httpd.run, daemon=True).start()
    return f"http://127.0.0.1:{port}", httpd.close


def _serve_gunicorn(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`scorecard serve` exactly as `make run` starts it: 2 x CPUs + 1 sync workers and a worker process."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.terminate()
        pytest.fail(
            "scorecard serve did not start: " + (tmp_path / "serve.log").read_text()[-2000:]
        )

    def stop() -> None:
        process.terminate()
        process.wait(timeout=30)
        log.close()

    return f"http://127.0.0.1:{port}", stop


@pytest.mark.parametrize("server", ["waitress", "gunicorn"])
def test_twenty_interviewers_submit_at_once(server, database_url, tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SCORECARD_MODEL", raising=False)
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "cache.sqlite3"))
    app = create_app({"instance_path": tmp_path / "instance", "database_url": database_url})
    engine = app.extensions["scorecard"]["engine"]
    candidate, tokens, ids = _seed(engine)
    if server == "waitress":
        base, stop = _serve_waitress(app)
    else:
        base, stop = _serve_gunicorn(database_url, tmp_path)
    barrier = threading.Barrier(INTERVIEWERS)
    results: list[tuple[int, int, int, str]] = []
    lock = threading.Lock()

    def interviewer(n: int) -> None:
        ratings = [
            {"competency_id": c, "score": 1 + (n + i) % 5, "evidence": EVIDENCE}
            for i, c in enumerate(ids)
        ]
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {tokens[n]}"}, timeout=60
        ) as client:
            barrier.wait()
            put = client.put(
                f"/api/candidates/{candidate}/feedback",
                json={"recommendation": "yes", "ratings": ratings},
            )
            submit = client.post(f"/api/candidates/{candidate}/feedback/submit")
        with lock:
            results.append((n, put.status_code, submit.status_code, put.text + submit.text))

    caplog.set_level(logging.ERROR)
    try:
        threads = [threading.Thread(target=interviewer, args=(n,)) for n in range(INTERVIEWERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop()
    server_log = (tmp_path / "serve.log").read_text() if server == "gunicorn" else caplog.text
    errors = [r for r in results if (r[1], r[2]) != (200, 200)]
    assert len(results) == INTERVIEWERS and errors == []
    assert "database is locked" not in server_log and "Traceback" not in server_log
    assert not any("locked" in r[3] for r in results)
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(PanelMember)).one() == INTERVIEWERS
        statuses = list(session.exec(select(Feedback.status)))
        assert len(statuses) == INTERVIEWERS and set(statuses) == {"submitted"}
        rows = session.exec(
            select(User.email, Rating.competency_id, Rating.score)
            .join(Feedback, Feedback.id == Rating.feedback_id)
            .join(User, User.id == Feedback.interviewer_id)
        ).all()
    assert len(rows) == INTERVIEWERS * len(ids)  # no lost ratings
    sent = {
        (f"i{n}@example.com", c, 1 + (n + i) % 5)
        for n in range(INTERVIEWERS)
        for i, c in enumerate(ids)
    }
    assert set(rows) == sent
    engine.dispose()
