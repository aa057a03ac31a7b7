"""Readers' throughput while the service is abused: password spraying and .docx bomb uploads.

Starts `scorecard serve` (gunicorn, SQLite, embedded worker) with one generated scorecard. Then:
1. baseline: 16 clients read GET /api/scorecards/<id> for --seconds;
2. abuse: the same readers, while 16 connections spray POST /api/tokens with random emails
   (8 requests/s each, from one address) and a recruiter uploads a .docx bomb (275,000 tiny
   paragraphs, 10 MiB of XML in a ~60 KB file) every 2 s.
Prints readers' requests/s and p99 for both, the share kept (goal: >= 80 %), and what the
attackers got back (status counts, median latency).

Run: .venv/bin/python benchmarks/abuse.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.web_throughput import PASSWORD, free_port, seed  # noqa: E402

SPRAYERS, SPRAY_RATE = 16, 8.0  # connections, requests per second each


def docx_bomb(paragraphs: int = 275_000) -> bytes:
    """A small .docx whose document.xml holds a huge number of tiny paragraphs."""
    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def readers(url: str, token: str, seconds: float, clients: int = 16) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop() -> None:
        nonlocal errors
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                ok = client.get(url).status_code == 200
                with lock:
                    latencies.append(time.perf_counter() - started)
                    errors += not ok

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 1 else 0.0
    return len(latencies) / seconds, p99, errors


def spray(base: str, stop: threading.Event, seen: collections.Counter, times: list) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            email = f"{uuid.uuid4().hex[:10]}@example.com"
            response = client.post("/api/tokens", json={"email": email, "password": "guess-123456"})
            seen[f"login {response.status_code}"] += 1
            times.append(time.perf_counter() - started)
            stop.wait(max(0.0, 1 / SPRAY_RATE - (time.perf_counter() - started)))


def recruiter(base: str) -> httpx.Client:
    """A logged-in session, opened before the spraying starts (it shares the attackers' address)."""
    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": "bench@example.com", "password": PASSWORD, "csrf_token": csrf}
    )
    return client


def upload_bombs(
    client: httpx.Client, stop: threading.Event, seen: collections.Counter, times: list
) -> None:
    bomb = docx_bomb()
    try:
        while not stop.is_set():
            page = client.get("/scorecards/new").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            started = time.perf_counter()
            response = client.post(
                "/scorecards/new",
                data={"csrf_token": csrf, "job_description": ""},
                files={"file": ("posting.docx", bomb, "application/octet-stream")},
            )
            times.append(time.perf_counter() - started)
            seen[f"docx bomb {response.status_code}"] += 1
            stop.wait(2)
    finally:
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scorecard-abuse-"))
    instance = work / "instance"
    scorecard_id, token = seed(instance)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{instance / 'scorecard.sqlite3'}"}
    env.pop("SCORECARD_MODEL", None)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "scorecard"), "serve", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/api/scorecards/{scorecard_id}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        readers(url, token, 2)  # warm up
        rps, p99, errors = readers(url, token, args.seconds)
        print(f"bomb: {len(docx_bomb()) / 1024:.0f} KB .docx; server: gunicorn, SQLite, 16 readers")
        print(f"baseline  readers {rps:7.0f} req/s  p99 {p99:7.1f} ms  errors {errors}")
        stop, seen = threading.Event(), collections.Counter()
        spray_times: list[float] = []
        bomb_times: list[float] = []
        attackers = [
            threading.Thread(target=spray, args=(base, stop, seen, spray_times))
            for _ in range(SPRAYERS)
        ]
        uploader = recruiter(base)
        attackers.append(
            threading.Thread(target=upload_bombs, args=(uploader, stop, seen, bomb_times))
        )
        for t in attackers:
            t.start()
        time.sleep(1)
        abused_rps, abused_p99, abused_errors = readers(url, token, args.seconds)
        stop.set()
        for t in attackers:
            t.join()
        print(
            f"abused    readers {abused_rps:7.0f} req/s  p99 {abused_p99:7.1f} ms  errors "
            f"{abused_errors}  -> {100 * abused_rps / rps:.0f} % of baseline (goal >= 80 %)"
        )
        print(
            f"attackers {dict(sorted(seen.items()))}; failed login median "
            f"{1000 * statistics.median(spray_times):.1f} ms; bomb refused in median "
            f"{1000 * statistics.median(bomb_times or [0]):.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
