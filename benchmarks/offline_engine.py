"""Offline engine speed and memory: time per scorecard (cold and warm), peak memory, whole CLI call.

Run: make bench   (or .venv/bin/python benchmarks/offline_engine.py)
Goals: under 100 ms per scorecard warm, under 1.5 s for a whole `scorecard generate` call.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.intake import read_job_description  # noqa: E402
from generator.offline.pipeline import generate_scorecard  # noqa: E402

SAMPLES = sorted((ROOT / "sample_jds").iterdir())
ROUNDS = 5


def main() -> None:
    texts = {p.name: read_job_description(p) for p in SAMPLES}
    start = time.perf_counter()
    generate_scorecard(next(iter(texts.values())))
    cold = time.perf_counter() - start

    timings: dict[str, list[float]] = {name: [] for name in texts}
    for _ in range(ROUNDS):
        for name, text in texts.items():
            t0 = time.perf_counter()
            generate_scorecard(text)
            timings[name].append(time.perf_counter() - t0)

    tracemalloc.start()
    for text in texts.values():
        generate_scorecard(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    cli = []
    sample = ROOT / "sample_jds" / "senior_data_engineer.md"
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "generate", str(sample), "--quiet"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        cli.append(time.perf_counter() - t0)

    print(f"first scorecard in process (cold, loads library): {cold * 1000:7.1f} ms")
    print(f"{'sample':34} {'median ms':>10} {'max ms':>8}")
    for name, values in timings.items():
        print(f"{name:34} {statistics.median(values) * 1000:10.1f} {max(values) * 1000:8.1f}")
    every = [v for values in timings.values() for v in values]
    print(
        f"warm, all samples: median {statistics.median(every) * 1000:.1f} ms, p95 {sorted(every)[int(len(every) * 0.95)] * 1000:.1f} ms (goal < 100 ms)"
    )
    print(f"peak traced memory while generating (library loaded): {peak / 1e6:.1f} MB")
    print(
        f"process max RSS (Python, pydantic, numpy, library): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"whole CLI call (`scorecard generate`, JSON): median {statistics.median(cli):.2f} s (goal < 1.5 s)"
    )


if __name__ == "__main__":
    main()
