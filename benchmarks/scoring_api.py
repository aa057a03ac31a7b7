"""Scoring API speed: the ranking of 1,000 candidates × 4 interviewers × 8 competencies, and one
feedback's submission, timed as real HTTP requests against `scorecard serve` (gunicorn, as `make run`
starts it) on a fresh SQLite file, or on PostgreSQL with --database-url.

Rows are seeded in bulk through the session; then each request is timed from the client, one at a
time. The ranking is timed twice: computed afresh (an audit event, as every scoring change writes,
is recorded before each request) and unchanged since the previous request (kept per process).
Goals: ranking p95 ≤ 150 ms, submitting one feedback p95 ≤ 50 ms.

Run: .venv/bin/python benchmarks/scoring_api.py [--database-url postgresql://…] [--runs 60]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CANDIDATES, PANEL, POOL = 1_000, 4, 12
EVIDENCE = "Walked through a renewal at risk, named the stakeholders and the steps they took."


def seed(database_url: str, instance: Path, submits: int) -> dict:
    """Two approved versions: one ranked (1,000 × 4 × 8, all submitted), one with fresh panels to submit on."""
    from sqlalchemy import insert, update

    from web import create_app, store
    from web.db import session_scope
    from web.models import Candidate, Feedback, PanelMember, Rating, ScorecardRecord, User
    from web.tasks import run_generation

    app = create_app({"instance_path": instance, "database_url": database_url})
    engine = app.extensions["scorecard"]["engine"]
    rng = random.Random(2024)
    text = (ROOT / "sample_jds" / "customer_success_manager.md").read_text()
    with session_scope(engine) as session:
        manager = store.create_user(
            session, email="hm@example.com", password="benchmark-password", role="hiring_manager"
        )
        jobs = [
            store.create_generation(
                session,
                owner=manager,
                text=text,
                title="CSM",
                filename=None,
                options={},
                model="offline",
            )
            for _ in range(2)
        ]
        manager_token, _ = store.create_token(session, user=manager)
    for job in jobs:
        run_generation(engine, job.id)
    with session_scope(engine) as session:
        records = [store.scorecard_for_job(session, job_id=job.id) for job in jobs]
        for record in records:
            session.execute(
                update(ScorecardRecord)
                .where(ScorecardRecord.id == record.id)
                .values(status="approved")
            )
        ids = [c["id"] for c in records[0].data["competencies"]]
        assert len(ids) == 8, ids
        pool = [
            User(email=f"i{n:02d}@example.com", role="interviewer", password_hash="x")
            for n in range(POOL)
        ]
        session.add_all(pool)
        session.flush()
        tokens = {u.id: store.create_token(session, user=u)[0] for u in pool}
        candidates = [
            Candidate(scorecard_id=records[0].id, name=f"Candidate {n:04d}", created_by=manager.id)
            for n in range(CANDIDATES)
        ]
        fresh = [
            Candidate(scorecard_id=records[1].id, name=f"Fresh {n:04d}", created_by=manager.id)
            for n in range(submits)
        ]
        session.add_all(candidates + fresh)
        session.flush()
        feedbacks = []
        for candidate in candidates:
            for user in rng.sample(pool, PANEL):
                session.add(
                    PanelMember(candidate_id=candidate.id, interviewer_id=user.id, focus=[])
                )
                feedbacks.append(
                    Feedback(
                        candidate_id=candidate.id,
                        interviewer_id=user.id,
                        status="submitted",
                        recommendation=rng.choice(["strong_no", "no", "yes", "strong_yes"]),
                    )
                )
        submitter = pool[0]
        for candidate in fresh:
            session.add(
                PanelMember(candidate_id=candidate.id, interviewer_id=submitter.id, focus=[])
            )
        session.add_all(feedbacks)
        session.flush()
        session.execute(
            insert(Rating),
            [
                {
                    "feedback_id": f.id,
                    "competency_id": cid,
                    "score": rng.randint(1, 5),
                    "evidence": EVIDENCE,
                }
                for f in feedbacks
                for cid in ids
            ],
        )
    engine.dispose()
    return {
        "ranked": records[0].id,
        "lineage": records[0].lineage_id,
        "manager": manager_token,
        "fresh": [c.id for c in fresh],
        "submitter": tokens[submitter.id],
        "competencies": ids,
    }


def own_schema(database_url: str) -> tuple[str, str]:
    """A fresh schema for this run, so the benchmark never touches the database's own tables."""
    import uuid

    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in database_url else "?"
    return f"{database_url}{joiner}options=-csearch_path%3D{schema}", schema


def drop_schema(database_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def touch(database_url: str, lineage_id: str) -> None:
    """Record an audit event on the ranked scorecard, as every scoring change does."""
    from web.db import make_engine, session_scope
    from web.models import AuditEvent

    global _ENGINE
    _ENGINE = _ENGINE or make_engine(database_url)
    with session_scope(_ENGINE) as session:
        session.add(AuditEvent(action="benchmark.touch", lineage_id=lineage_id))


_ENGINE = None


def timed(client: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    response.raise_for_status()
    return elapsed


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return (
        f"p50 {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms   max {samples[-1]:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=60, help="timed ranking requests")
    parser.add_argument("--submits", type=int, default=200, help="timed feedback submissions")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    instance = work / "instance"
    database_url, schema = args.database_url or f"sqlite:///{instance / 'scorecard.sqlite3'}", None
    if database_url.startswith("postgresql"):
        database_url, schema = own_schema(database_url)
    started = time.perf_counter()
    data = seed(database_url, instance, args.submits)
    print(
        f"seeded {CANDIDATES:,} candidates x {PANEL} interviewers x 8 competencies "
        f"({CANDIDATES * PANEL * 8:,} ratings) in {time.perf_counter() - started:.1f} s"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SCORECARD_EMBEDDED_WORKER": "0", "DATABASE_URL": database_url}
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
        print(
            f"server: scorecard serve (gunicorn, {2 * (os.cpu_count() or 1) + 1} sync workers), {kind}; "
            "client: httpx, one request at a time, keep-alive"
        )
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {data['manager']}"}, timeout=30
        ) as client:
            url = f"/api/scorecards/{data['ranked']}/ranking"
            for _ in range(10):  # every worker process parses the scorecard version once
                client.get(url).raise_for_status()
            computed, kept, size = [], [], 0
            for _ in range(args.runs):
                # A change to the scorecard's candidates or feedback writes an audit event; one is
                # written here directly, so this request must compute the ranking afresh.
                touch(database_url, data["lineage"])
                computed.append(timed(client, url))
            for _ in range(20):  # each worker process computes once after the last change
                client.get(url).raise_for_status()
            for _ in range(args.runs):
                kept.append(timed(client, url))
            response = client.get(url)
            body, size = json.loads(response.content), len(response.content)
            assert len(body["candidates"]) == CANDIDATES and len(body["calibration"]) == POOL
            print(
                f"GET  /api/scorecards/<id>/ranking        {percentiles(computed)}   "
                f"computed afresh: {args.runs} requests, each after a change ({size / 1024:.0f} KiB; "
                "goal p95 <= 150 ms)"
            )
            print(
                f"GET  /api/scorecards/<id>/ranking        {percentiles(kept)}   "
                f"unchanged, kept per process: {args.runs} requests"
            )
        ratings = [
            {"competency_id": c, "score": 1 + i % 5, "evidence": EVIDENCE}
            for i, c in enumerate(data["competencies"])
        ]
        puts, submits = [], []
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {data['submitter']}"}, timeout=30
        ) as client:
            for candidate in data["fresh"]:
                start = time.perf_counter()
                client.put(
                    f"/api/candidates/{candidate}/feedback",
                    json={"recommendation": "yes", "ratings": ratings},
                ).raise_for_status()
                middle = time.perf_counter()
                client.post(f"/api/candidates/{candidate}/feedback/submit").raise_for_status()
                end = time.perf_counter()
                puts.append((middle - start) * 1000)
                submits.append((end - middle) * 1000)
        print(
            f"PUT  /api/candidates/<id>/feedback        {percentiles(puts)}   ({len(puts)} drafts of 8 ratings)"
        )
        print(
            f"POST /api/candidates/<id>/feedback/submit {percentiles(submits)}   "
            f"({len(submits)} submissions; goal p95 <= 50 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
        if schema:
            drop_schema(args.database_url, schema)


if __name__ == "__main__":
    main()
