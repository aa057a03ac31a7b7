"""Latency of saving an edit as a new version: PUT /api/scorecards/<id> with If-Match.

A 10-competency scorecard is generated into a fresh SQLite database (or DATABASE_URL), then a
hiring manager saves a chain of edits (a weight pair swapped, a rubric level reworded), each based
on the previous version's ETag, through the Flask test client: validation, the version diff,
the insert, the audit row and the commit are all timed. Goal: p95 at most 50 ms on this machine.

Run: .venv/bin/python benchmarks/review_save.py [--edits 200]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    from web import create_app, store
    from web.db import session_scope

    instance = Path(tempfile.mkdtemp(prefix="review-bench-"))
    app = create_app(
        {
            "instance_path": instance,
            "database_url": f"sqlite:///{instance / 'scorecard.sqlite3'}",
            "immediate_queue": True,
        }
    )
    engine = app.extensions["scorecard"]["engine"]
    with session_scope(engine) as session:
        user = store.create_user(
            session, email="hm@example.com", password="benchmark-password", role="hiring_manager"
        )
        token, _ = store.create_token(session, user=user)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    text = (ROOT / "sample_jds" / "senior_data_engineer.md").read_text()
    job = client.post(
        "/api/scorecards", json={"job_description": text, "competencies": 10}, headers=headers
    ).get_json()
    scorecard_id = client.get(f"/api/jobs/{job['job_id']}", headers=headers).get_json()[
        "scorecard_id"
    ]
    current = client.get(f"/api/scorecards/{scorecard_id}", headers=headers)
    etag, data = current.headers["ETag"], current.get_json()["scorecard"]
    assert len(data["competencies"]) == 10
    timings = []
    for n in range(args.edits):
        edited = copy.deepcopy(data)
        a, b = edited["competencies"][0], edited["competencies"][1]
        a["weight"], b["weight"] = b["weight"], a["weight"]
        edited["competencies"][2]["rubric"][n % 5]["description"] = f"Reworded level, edit {n}."
        started = time.perf_counter()
        response = client.put(
            f"/api/scorecards/{scorecard_id}", json=edited, headers={**headers, "If-Match": etag}
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        scorecard_id, etag, data = body["id"], response.headers["ETag"], body["scorecard"]
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"save an edit (PUT, 10 competencies, {args.edits} versions, SQLite)")
    print(
        f"  p50 {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms   max {timings[-1]:.1f} ms"
    )
    print(f"  goal: p95 <= 50 ms -> {'met' if p95 <= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
