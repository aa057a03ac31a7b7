"""Time how long intake takes to refuse each upload bomb, and to read the largest sample.

A fault drill found that a 64 KB .docx of 275,941 tiny paragraphs kept a worker busy for over
200 s and a 2,000-page PDF took 13.5 s to be refused; every refusal here should take well under
a second. The bombs are the ones tests/generator/test_upload_bombs.py builds (imported from it,
so the two never drift apart). Prints the median of 5 runs per upload.

Run: .venv/bin/python benchmarks/upload_bombs.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 5


def median_ms(read: Callable[[], object]) -> tuple[float, str]:
    """Median wall time of `read` in milliseconds, and how it ended (the refusal, or accepted)."""
    from generator.errors import InputError

    times, outcome = [], ""
    for _ in range(RUNS):
        started = time.perf_counter()
        try:
            text = read()
            outcome = f"accepted, {len(str(text)):,} characters"
        except InputError as exc:
            outcome = str(exc)
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times), outcome


def main() -> None:
    import logging

    from generator.intake import read_job_description
    from tests.generator import test_upload_bombs as bombs

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the form bomb logs one line per form
    page = bombs.text_page(["Registered Nurse", "Plan and deliver care"])
    line = "Assess patients, plan care and keep accurate clinical records on every shift."
    uploads: dict[str, tuple[bytes, str]] = {
        f"docx {name}": (build(), "jd.docx") for name, (build, *_) in bombs.DOCX_BOMBS.items()
    }
    uploads |= {
        f"docx {name}": (build(), "jd.docx") for name, (build, _) in bombs.UNUSABLE_DOCX.items()
    }
    uploads |= {
        "pdf 2000 pages": (bombs.pdf_bytes([page] * 2000), "jd.pdf"),
        "pdf 2000 pages, /Count says 1": (bombs.pdf_bytes([page] * 2000, count=1), "jd.pdf"),
        "pdf 90 pages of text": (bombs.pdf_bytes([bombs.text_page([line] * 13)] * 90), "jd.pdf"),
        "pdf one over-complex page": (bombs.pdf_bytes([bombs.DENSE]), "jd.pdf"),
        "pdf form drawn 5000 times": (
            bombs.pdf_bytes(
                [b"/Fm1 Do " * 5000], form=b"BT /F1 11 Tf " + b"(x) Tj " * 20_000 + b"ET"
            ),
            "jd.pdf",
        ),
        "pdf scan, 3 pages": (bombs.pdf_bytes([bombs.SCAN] * 3), "jd.pdf"),
        "pdf normal, 3 pages": (bombs.pdf_bytes([page] * 3), "jd.pdf"),
    }
    for unit in ["<a", "<!--", "<", "</a", '<a x="', "<div>", "&amp;"]:
        bomb = "<p>" + unit * (10 * 1024 * 1024 // len(unit))
        uploads[f"html 10 MB of {unit!r}"] = (bomb.encode(), "jd.html")
    print(f"{'upload':42} {'size':>9} {'median':>9}  outcome")
    for name, (data, filename) in uploads.items():
        took, outcome = median_ms(lambda d=data, f=filename: read_job_description(d, filename=f))
        print(f"{name:42} {len(data) / 1024:7.0f}KB {took:7.1f}ms  {outcome[:70]}")
    largest = max((ROOT / "sample_jds").iterdir(), key=lambda path: path.stat().st_size)
    took, outcome = median_ms(lambda: read_job_description(largest))
    print(
        f"{'largest sample: ' + largest.name:42} {largest.stat().st_size / 1024:7.0f}KB {took:7.1f}ms  {outcome}"
    )


if __name__ == "__main__":
    main()
