"""Scorecard quality over real-shaped postings: evidence, citations, family fit, questions, speed.

Run: make bench   (or .venv/bin/python benchmarks/quality.py [--only SUBSTRING] [--json] [--verbose])
Reads benchmarks/eval_postings/* with their expected_*.yaml entries and sample_jds/* with
benchmarks/eval_postings/expected_samples.yaml. Always exits 0; a missed goal prints GOAL MISSED.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import quality_metrics as qm  # noqa: E402

from generator.engines import generate  # noqa: E402
from generator.errors import ScorecardError  # noqa: E402
from generator.intake import read_job_description  # noqa: E402
from generator.library import load_library  # noqa: E402
from generator.options import GenerationOptions  # noqa: E402
from generator.posting import parse_posting  # noqa: E402
from generator.settings import LLMSettings  # noqa: E402

EVAL_DIR = ROOT / "benchmarks" / "eval_postings"
SAMPLES_DIR = ROOT / "sample_jds"
SAMPLES_FILE = "expected_samples.yaml"
TIMED_ROUNDS = 3
OFFLINE = LLMSettings(model="offline")


@dataclass
class Result:
    """One posting's figures; `error` is set when the outcome was wrong."""

    name: str
    family: str
    refuse: bool
    ok: bool = False
    error: str = ""
    competencies: list[tuple[str, str, int]] = field(default_factory=list)
    evidence: float | None = None
    lines: int = 0
    cited: float | None = None
    uncited: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    fit: float | None = None
    question_terms: float | None = None
    terms: float | None = None
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    values: float | None = None
    times_ms: list[float] = field(default_factory=list)


def load_cases() -> tuple[list[tuple[Path, dict[str, Any]]], list[str]]:
    """Pair every posting file with its expectation entry; list what does not pair up."""
    cases: list[tuple[Path, dict[str, Any]]] = []
    errors: list[str] = []
    for expectations in sorted(EVAL_DIR.glob("expected_*.yaml")):
        folder = SAMPLES_DIR if expectations.name == SAMPLES_FILE else EVAL_DIR
        for entry in yaml.safe_load(expectations.read_text(encoding="utf-8")) or []:
            cases.append((folder / entry["file"], entry))
    seen: dict[Path, int] = {}
    for path, _ in cases:
        seen[path] = seen.get(path, 0) + 1
        if not path.is_file():
            errors.append(f"{path.name} has an expectation entry but no file.")
    errors += [f"{p.name} has {n} expectation entries; keep one." for p, n in seen.items() if n > 1]
    postings = [p for p in EVAL_DIR.iterdir() if not p.name.startswith("expected_")]
    for path in sorted([*postings, *SAMPLES_DIR.iterdir()]):
        if path.is_file() and path not in seen:
            errors.append(f"{path.name} has no expectation entry; add one to an expected_*.yaml.")
    return [(p, e) for p, e in cases if p.is_file()], errors


def evaluate(
    path: Path, entry: dict[str, Any], text: str | None, frequency: dict[str, float]
) -> Result:
    """Generate once (also the warm-up) and measure the scorecard against the expectation."""
    result = Result(path.name, entry.get("family") or "-", bool(entry.get("refuse", False)))
    if text is None:
        result.ok = result.refuse
        result.error = "" if result.refuse else "The file could not be read as a job description."
        return result
    try:
        scorecard = generate(text, GenerationOptions(), OFFLINE)
    except ScorecardError as exc:
        result.ok = result.refuse and bool(str(exc))
        result.error = "" if result.ok else f"{type(exc).__name__}: {exc}"
        return result
    if result.refuse:
        result.error = "Produced a scorecard for a posting it should refuse."
        return result
    result.ok = True
    posting = parse_posting(text)
    families = {cid: c.family for cid, c in load_library().competencies.items()}
    citation = qm.citation(posting, scorecard)
    result.competencies = [
        (c.name, families.get(c.id, "posting"), len(c.evidence)) for c in scorecard.competencies
    ]
    result.evidence = qm.evidence_share(scorecard)
    result.lines, result.cited, result.uncited = citation.lines, citation.share, citation.missing
    result.wrong = qm.wrong_family(scorecard, families, result.family, entry.get("also") or [])
    result.fit = qm.expected_fit(
        entry.get("expected") or [], [c.name for c in scorecard.competencies]
    )
    result.question_terms = qm.question_term_share(
        scorecard, qm.distinctive_terms(posting, frequency)
    )
    result.terms = qm.terms_hit(scorecard, entry.get("terms") or [])
    result.duplicates = qm.near_duplicates(scorecard)
    result.values = qm.values_found(scorecard, entry.get("values") or [])
    return result


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def summarise(results: list[Result], errors: list[str]) -> dict[str, Any]:
    """The goals and their figures over every posting measured."""
    built = [r for r in results if r.evidence is not None]
    cited = sorted(built, key=lambda r: r.cited or 0.0)
    times = [t for r in built for t in r.times_ms]
    valid = sum(r.ok for r in results)
    competencies = [c for r in built for c in r.competencies]
    with_evidence = sum(1 for c in competencies if c[2]) / len(competencies) if competencies else 0
    mean_cited = _mean([r.cited for r in built]) or 0.0
    min_cited = cited[0].cited if cited else 0.0
    question_terms = _mean([r.question_terms for r in built]) or 0.0
    p95 = qm.percentile(times, 0.95)
    return {
        "postings": len(results),
        "setup_errors": errors,
        "valid": valid,
        "valid_goal_met": valid == len(results) and not errors,
        "evidence_share": with_evidence,
        "evidence_goal_met": with_evidence >= 1.0,
        "cited_mean": mean_cited,
        "cited_min": min_cited,
        "cited_worst": [(r.name, r.cited) for r in cited[:5]],
        "cited_goal_met": mean_cited >= 0.95 and (min_cited or 0.0) >= 0.85,
        "wrong_family": [(r.name, w) for r in built for w in r.wrong],
        "expected_fit": _mean([r.fit for r in built]),
        "question_terms": question_terms,
        "question_terms_goal_met": question_terms >= 0.70,
        "terms_hit": _mean([r.terms for r in built]),
        "duplicates": [(r.name, *d) for r in built for d in r.duplicates],
        "values_found": _mean([r.values for r in built]),
        "values_postings": sum(r.values is not None for r in built),
        "p50_ms": qm.percentile(times, 0.5),
        "p95_ms": p95,
        "time_goal_met": bool(times) and p95 < 100.0,
    }


def _goal(met: bool) -> str:
    return "" if met else "   GOAL MISSED"


def print_table(results: list[Result], verbose: bool) -> None:
    """One row per posting; with `verbose`, its competencies and their evidence counts."""
    head = (
        f"{'posting':40} {'family':13} {'ok':3} {'evid':>5} {'lines':>5} {'cited':>6} {'wrong':>5}"
    )
    print(f"{head} {'fit':>5} {'qterm':>6} {'terms':>6} {'dups':>4} {'vals':>5} {'ms':>6}")
    for r in results:
        ms = f"{statistics.median(r.times_ms):6.1f}" if r.times_ms else f"{'-':>6}"
        ok = "yes" if r.ok else "NO"
        row = f"{r.name[:40]:40} {r.family[:13]:13} {ok:3} {_pct(r.evidence):>5} {r.lines:5}"
        row += f" {_pct(r.cited):>6}"
        print(
            f"{row} {len(r.wrong):5} {_pct(r.fit):>5} {_pct(r.question_terms):>6} "
            f"{_pct(r.terms):>6} {len(r.duplicates):4} {_pct(r.values):>5} {ms}"
        )
        if r.error:
            print(f"    {r.error}")
        if r.refuse and r.ok:
            print("    refused, as expected")
        if verbose:
            for name, family, count in r.competencies:
                print(f"    {count:2} evidence  {name} [{family}]")


def print_summary(s: dict[str, Any]) -> None:
    """The figures over every posting, with GOAL MISSED next to every missed goal."""
    print(f"\nSummary over {s['postings']} postings")
    for error in s["setup_errors"]:
        print(f"  ERROR: {error}")
    print(
        f"  scorecards valid (or refused when expected): {s['valid']}/{s['postings']}"
        f"{_goal(s['valid_goal_met'])}"
    )
    print(
        f"  competencies with evidence: {_pct(s['evidence_share'])} (goal 100%)"
        f"{_goal(s['evidence_goal_met'])}"
    )
    print(
        f"  duty/requirement lines cited: mean {_pct(s['cited_mean'])}, min {_pct(s['cited_min'])}"
        f" (goal mean >= 95%, none below 85%){_goal(s['cited_goal_met'])}"
    )
    print("    worst: " + ", ".join(f"{n} {_pct(v)}" for n, v in s["cited_worst"]))
    print(
        f"  wrong-family competencies: {len(s['wrong_family'])} (goal 0)"
        f"{_goal(not s['wrong_family'])}"
    )
    for name, wrong in s["wrong_family"]:
        print(f"    {name}: {wrong}")
    print(f"  expected-competency fit: {_pct(s['expected_fit'])} (informational)")
    print(
        f"  questions using the posting's own terms: {_pct(s['question_terms'])} (goal >= 70%)"
        f"{_goal(s['question_terms_goal_met'])}"
    )
    print(f"  expectation `terms` used by some question: {_pct(s['terms_hit'])} (informational)")
    print(
        f"  near-duplicate question pairs (Jaccard >= {qm.NEAR_DUPLICATE}): "
        f"{len(s['duplicates'])} (goal 0){_goal(not s['duplicates'])}"
    )
    for name, left, right, score in s["duplicates"]:
        print(f"    {name} ({score:.2f}): {left!r} ~ {right!r}")
    print(
        f"  stated values found: {_pct(s['values_found'])} over {s['values_postings']} "
        "postings with values (informational)"
    )
    print(
        f"  time per scorecard, warm: p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms "
        f"(goal p95 < 100 ms){_goal(s['time_goal_met'])}"
    )


def main() -> None:
    """Parse flags, measure every posting and print the report (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="measure postings whose file name has this")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--verbose", action="store_true", help="list each posting's competencies")
    args = parser.parse_args()
    cases, errors = load_cases()
    texts: dict[Path, str | None] = {}
    for path, _ in cases:
        try:
            texts[path] = read_job_description(path)
        except ScorecardError:
            texts[path] = None
    # Document frequency is over the whole set, whatever --only selects.
    frequency = qm.document_frequency(
        [qm.term_tokens(parse_posting(t).text) for t in texts.values() if t is not None]
    )
    chosen = [(p, e) for p, e in cases if args.only in p.name]
    results = [evaluate(path, entry, texts[path], frequency) for path, entry in chosen]
    for _ in range(TIMED_ROUNDS):
        for (path, _entry), result in zip(chosen, results, strict=True):
            text = texts[path]
            if result.evidence is not None and text is not None:
                start = time.perf_counter()
                generate(text, GenerationOptions(), OFFLINE)
                result.times_ms.append((time.perf_counter() - start) * 1000)
    summary = summarise(results, errors)
    if args.json:
        print(json.dumps({"postings": [asdict(r) for r in results], "summary": summary}, indent=1))
    else:
        print_table(results, args.verbose)
        print_summary(summary)


if __name__ == "__main__":
    main()
