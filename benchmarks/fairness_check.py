"""Time the fair-interview check on the scorecard of every sample posting.

The check runs on every scorecard page view and every edit save, so it must stay in the low
milliseconds. Prints the first load of the pattern files, then the median time per scorecard
with the per-text cache cleared (new text) and warm (unchanged text, as on a save).

Run: .venv/bin/python benchmarks/fairness_check.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from generator.fairness import _hits, check_scorecard
    from generator.fairness.locations import interview_texts
    from generator.fairness.topics import load_topics
    from generator.intake import read_job_description
    from generator.offline.pipeline import generate_scorecard

    started = time.perf_counter()
    load_topics()
    print(
        f"first load and compile of the topic files: {1000 * (time.perf_counter() - started):.0f} ms"
    )
    cards = [
        generate_scorecard(read_job_description(p)) for p in sorted((ROOT / "sample_jds").iterdir())
    ]
    texts = sum(1 for card in cards for _ in interview_texts(card.to_json_dict()))
    print(f"{len(cards)} scorecards, {texts} interview texts")
    for label, warm in (("new text (cache cleared)", False), ("unchanged text (warm cache)", True)):
        runs = []
        for _ in range(30):
            if not warm:
                _hits.cache_clear()
            started = time.perf_counter()
            for card in cards:
                assert check_scorecard(card) == []
            runs.append((time.perf_counter() - started) / len(cards) * 1000)
        print(
            f"{label}: median {statistics.median(runs):.2f} ms per scorecard (min {min(runs):.2f}, max {max(runs):.2f})"
        )


if __name__ == "__main__":
    main()
