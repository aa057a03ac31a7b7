"""Real worker processes: supervised restarts after SIGKILL, one-line exits, per-database queues."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web.test_worker import _job, _redis_available, _wait
from web import create_app
from web.models import JobStatus
from web.worker import start_embedded

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SCORECARD_MODEL", "DATABASE_URL"}}
    env.pop("REDIS_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _read_pid(path: Path, other_than: int | None = None, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and (text := path.read_text().strip()).isdigit():
            pid = int(text)
            if pid != other_than:
                return pid
        time.sleep(0.1)
    raise AssertionError(f"no new worker pid in {path}")


def test_a_killed_embedded_worker_is_restarted_and_jobs_still_finish(tmp_path):
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--server", "waitress", "--port", str(port)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pid_file = tmp_path / "instance" / "worker.pid"
    try:
        first = _read_pid(pid_file)
        os.kill(first, signal.SIGKILL)
        second = _read_pid(pid_file, other_than=first)
        assert second != first
        app = create_app({"instance_path": tmp_path / "instance", "migrate": False})
        engine = app.extensions["scorecard"]["engine"]
        job_id = _job(app)
        app.extensions["scorecard"]["queue"].generate_task(job_id)
        assert _wait(engine, job_id, seconds=60).status == JobStatus.succeeded
        engine.dispose()
    finally:
        serve.send_signal(signal.SIGTERM)
        out, stderr = serve.communicate(timeout=60)
    log = (tmp_path / "instance" / "scorecard.log").read_text()
    assert "the background worker exited" in log
    assert "Traceback" not in stderr and stderr.count("\n") <= 2  # the rest is in the log
    assert "open http://127.0.0.1" in out and "scorecard.log" in out and "Ctrl+C" in out
    assert not pid_file.exists()  # the worker was stopped with the server


def test_a_worker_that_cannot_reach_its_database_exits_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "web.cli", "worker"],
        cwd=tmp_path,
        env=_env(DATABASE_URL="postgresql://nobody@127.0.0.1:1/nothing"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot start:")
    assert "Traceback" not in result.stderr and "DATABASE_URL" in lines[0]


@pytest.mark.skipif(not _redis_available(), reason="Redis is not reachable")
def test_a_worker_on_another_database_never_takes_this_services_jobs(tmp_path, monkeypatch):
    monkeypatch.delenv("SCORECARD_MODEL", raising=False)

    def app_for(name: str):
        return create_app(
            {
                "instance_path": tmp_path / name,
                "database_url": f"sqlite:///{tmp_path / name}.sqlite3",
                "redis_url": "redis://127.0.0.1:6379/14",
            }
        )

    ours, wrong = app_for("ours"), app_for("wrong")
    queue, wrong_queue = (
        ours.extensions["scorecard"]["queue"],
        wrong.extensions["scorecard"]["queue"],
    )
    assert queue.name != wrong_queue.name
    queue.flush()
    job_id = _job(ours)
    queue.generate_task(job_id)
    consumer = start_embedded(wrong_queue, workers=1)
    try:
        time.sleep(2)
        assert queue.pending_count() == 1  # still waiting for a worker on the right database
    finally:
        consumer.stop(graceful=True)
    consumer = start_embedded(queue, workers=1)
    try:
        assert _wait(ours.extensions["scorecard"]["engine"], job_id).status == JobStatus.succeeded
    finally:
        consumer.stop(graceful=True)
        queue.flush()
        wrong_queue.flush()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_gunicorn_stops_its_worker_once_and_leaves_nothing_behind(tmp_path):
    """Forked web workers unwind through serve's `finally` too; they must not stop the worker."""
    serve = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--processes", "2", "--port", str(_free_port())],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = _read_pid(tmp_path / "instance" / "worker.pid")
    time.sleep(2)
    serve.send_signal(signal.SIGTERM)
    _, stderr = serve.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)
    log = (tmp_path / "instance" / "scorecard.log").read_text()
    assert "Booting worker" in log  # gunicorn logs there too, not to the terminal
    assert "the background worker exited" not in log  # it was never killed and restarted
    assert stderr == ""


def test_a_worker_dies_with_a_server_killed_outright(tmp_path):
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "web.cli",
            "serve",
            "--server",
            "waitress",
            "--port",
            str(_free_port()),
        ],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = _read_pid(tmp_path / "instance" / "worker.pid")
    serve.kill()
    serve.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)
