"""Panel ranking speed: rank_panel over 1,000 candidates × 4 interviewers × 8 competencies.

Run: .venv/bin/python benchmarks/panel_ranking.py
Goal: p50 under 15 ms and p95 under 25 ms for rank_panel alone (the API's 150 ms p95 also covers
the query and JSON).

Timed twice: with the garbage collector running, as a plain call; and with it paused, as the web
layer calls rank_panel (web.candidates.standings.gc_paused holds it off for the whole request).
A ranking builds some 20,000 lists, dicts and tuples, so with the collector running about one run
in four also pays for a full collection of the whole heap, which sets the p95.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.intake import read_job_description  # noqa: E402
from generator.offline.pipeline import generate_scorecard  # noqa: E402
from generator.scoring import CandidateEntry, PanelRating, rank_panel  # noqa: E402

CANDIDATES = 1_000
PANEL = 4  # interviewers per candidate, drawn from a pool of 12
POOL = [f"interviewer-{n:02d}" for n in range(12)]
RUNS = 30


def panel_data(seed: int = 2024):
    """A scorecard with 8 competencies and every candidate rated by 4 interviewers on all of them."""
    card = generate_scorecard(
        read_job_description(ROOT / "sample_jds" / "customer_success_manager.md")
    )
    assert len(card.competencies) == 8, len(card.competencies)
    rng = random.Random(seed)
    candidates = [
        CandidateEntry(candidate_id=n, name=f"Candidate {n:04d}", feedback_expected=PANEL)
        for n in range(1, CANDIDATES + 1)
    ]
    ratings = [
        PanelRating(entry.candidate_id, interviewer, competency.id, rng.randint(1, 5))
        for entry in candidates
        for interviewer in rng.sample(POOL, PANEL)
        for competency in card.competencies
    ]
    rng.shuffle(ratings)  # the database returns them in no particular order
    return card, candidates, ratings


def timings(card, candidates, ratings, *, collector: bool) -> list[float]:
    """Milliseconds per rank_panel call, sorted; the result is freed inside the timing."""
    result = []
    for _ in range(RUNS):
        if not collector:
            gc.disable()
        start = time.perf_counter()
        rank_panel(card, candidates, ratings)
        result.append((time.perf_counter() - start) * 1000)
        gc.enable()
    return sorted(result)


def main() -> None:
    card, candidates, ratings = panel_data()
    rank_panel(card, candidates, ratings)  # warm up
    for label, collector in (("collector running", True), ("collector paused", False)):
        measured = timings(card, candidates, ratings, collector=collector)
        p95 = measured[min(len(measured) - 1, round(0.95 * len(measured)) - 1)]
        print(
            f"rank_panel ({label}): {len(candidates):,} candidates, {len(ratings):,} ratings, "
            f"{RUNS} runs: p50 {statistics.median(measured):.1f} ms, p95 {p95:.1f} ms, "
            f"max {measured[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
