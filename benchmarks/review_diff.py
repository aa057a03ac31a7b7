"""Speed of diff_scorecards on two versions of a 10-competency scorecard.

Run: .venv/bin/python benchmarks/review_diff.py
Goal: p95 at most 50 ms per diff. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import copy
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.intake import read_job_description  # noqa: E402
from generator.offline.pipeline import generate_scorecard  # noqa: E402
from generator.options import GenerationOptions  # noqa: E402
from generator.schema import Scorecard  # noqa: E402
from generator.versions import diff_scorecards  # noqa: E402

SAMPLE = ROOT / "sample_jds" / "senior_data_engineer.md"
ITERATIONS = 200


def edited_copy(data: dict[str, Any]) -> dict[str, Any]:
    """A later version with the edits a hiring manager makes: weights, rubric, questions, order."""
    new = copy.deepcopy(data)
    competencies = new["competencies"]
    heavy = max(competencies, key=lambda c: c["weight"])
    light = min(competencies, key=lambda c: c["weight"])
    heavy["weight"] -= 1
    light["weight"] += 1
    competencies[1]["rubric"][3]["description"] = "Exceeds the bar on every project, unprompted."
    competencies[2]["lead_question"]["text"] = "Tell us about the system you are proudest of."
    competencies.insert(0, competencies.pop(4))
    first = new["questions"][0]
    first["text"] = "Walk us through a data model you would change today, and why."
    first["category"] = "situational" if first["category"] != "situational" else "technical"
    new["questions"].append(
        {
            "id": f"q{len(new['questions']) + 1}",
            "category": "behavioral",
            "text": "Tell us about a time you said no to a stakeholder.",
            "follow_ups": ["What happened next?", "Would you do it again?"],
            "competencies": [competencies[0]["id"]],
        }
    )
    new["case_study"]["title"] = "A pipeline that breaks at month end"
    new["case_study"]["scenario"] = "Month-end reports are late because a nightly job fails."
    Scorecard.model_validate(new)
    return new


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and the maximum, in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, max(samples) * 1000


def timed(old: Any, new: Any) -> list[float]:
    diff_scorecards(old, new)  # warm up
    samples = []
    for _ in range(ITERATIONS):
        start = time.perf_counter()
        diff_scorecards(old, new)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    card = generate_scorecard(read_job_description(SAMPLE), GenerationOptions(competencies=10))
    old = card.to_json_dict()
    new = edited_copy(old)
    diff = diff_scorecards(old, new)
    print(
        f"{SAMPLE.name}: {len(card.competencies)} competencies, {len(card.questions)} questions; "
        f"{len(diff.changes)} changes"
    )
    print(f"summary: {diff.summary}")
    print(f"{'inputs':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   ({ITERATIONS} runs)")
    cases = {
        "JSON dicts (validated, as stored)": (old, new),
        "Scorecard models": (card, Scorecard.model_validate(new)),
        "identical JSON dicts": (old, copy.deepcopy(old)),
    }
    for label, (before, after) in cases.items():
        p50, p95, worst = percentiles(timed(before, after))
        print(f"{label:38} {p50:8.2f} {p95:8.2f} {worst:8.2f}")
    print("goal: p95 <= 50 ms")


if __name__ == "__main__":
    main()
