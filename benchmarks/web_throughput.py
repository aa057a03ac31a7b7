"""Requests per second and p99 latency of the scorecard page and the API read, at 16 concurrent clients.

Starts `scorecard serve` on 127.0.0.1 with a fresh SQLite database holding one generated scorecard,
logs in, then drives it with wrk (Debian package `wrk`) or, without wrk, a Python thread pool.
Goal: at least 500 req/s and p99 at most 100 ms on this machine.

Run: .venv/bin/python benchmarks/web_throughput.py [--seconds 10] [--connections 16] [--threads 16]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "quiet-lantern-orchard"


def seed(instance: Path) -> tuple[int, str]:
    """One admin, one generated scorecard and an API token in a fresh database."""
    from web import create_app, store
    from web.db import session_scope
    from web.tasks import run_generation

    app = create_app(
        {"instance_path": instance, "database_url": f"sqlite:///{instance / 'scorecard.sqlite3'}"}
    )
    engine = app.extensions["scorecard"]["engine"]
    with session_scope(engine) as session:
        user = store.create_user(
            session, email="bench@example.com", password=PASSWORD, role="admin"
        )
        text = (ROOT / "sample_jds" / "senior_data_engineer.md").read_text()
        job = store.create_generation(
            session,
            owner=user,
            text=text,
            title="Senior Data Engineer",
            filename=None,
            options={},
            model="offline",
        )
        token, _ = store.create_token(session, user=user)
    run_generation(engine, job.id)
    with session_scope(engine) as session:
        record = store.scorecard_for_job(session, job_id=job.id)
    engine.dispose()
    return record.id, token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(base: str) -> str:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post(
            "/login", data={"email": "bench@example.com", "password": PASSWORD, "csrf_token": csrf}
        )
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def run_wrk(url: str, header: str, seconds: int, connections: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p99.group(1)), p99.group(2)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{non2xx.group(1)} failed responses from {url}")
    return rps, value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_python(url: str, header: str, seconds: int, connections: int) -> tuple[float, float]:
    name, _, value = header.partition(": ")
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client_loop() -> None:
        with httpx.Client(headers={name: value}) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                client.get(url).raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client_loop) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / seconds, statistics.quantiles(latencies, n=100)[98] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--processes", type=int, default=2 * (os.cpu_count() or 1) + 1, help="server processes"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per server process (1: sync workers)"
    )
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    instance = work / "instance"
    scorecard_id, token = seed(instance)
    port = free_port()
    env = {
        **os.environ,
        "SCORECARD_EMBEDDED_WORKER": "0",
        "DATABASE_URL": f"sqlite:///{instance / 'scorecard.sqlite3'}",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "scorecard"),
            "serve",
            "--port",
            str(port),
            "--server",
            args.server,
            "--processes",
            str(args.processes),
            "--threads",
            str(args.threads),
        ],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        cookie = session_cookie(base)
        load = run_wrk if shutil.which("wrk") else run_python
        print(
            f"server: {args.server}, {args.processes} processes x {args.threads} threads, SQLite; load: {'wrk' if load is run_wrk else 'python'}, "
            f"{args.connections} concurrent clients, {args.seconds} s each"
        )
        for label, path, header in [
            (
                "scorecard page  GET /scorecards/<id>",
                f"/scorecards/{scorecard_id}",
                f"Cookie: {cookie}",
            ),
            (
                "API read        GET /api/scorecards/<id>",
                f"/api/scorecards/{scorecard_id}",
                f"Authorization: Bearer {token}",
            ),
        ]:
            load(base + path, header, 2, args.connections)  # warm up
            rps, p99 = load(base + path, header, args.seconds, args.connections)
            print(
                f"{label:44} {rps:8.0f} req/s   p99 {p99:7.1f} ms   (goal >= 500 req/s, p99 <= 100 ms)"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
