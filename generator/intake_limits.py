"""The bounds that keep reading one upload cheap, whatever the file claims to contain.

A job description is at most `MAX_JD_CHARS` of text, so every reader stops as soon as it has
collected more than that, and every container format (zip, PDF, HTML) is refused when it holds
far more structure than that much text could need. Each bound is generous for real postings
(the sample files use a small fraction of each) and small enough that refusing a hostile file
takes well under a second (a PDF whose pages are themselves hostile gets a 3-second budget), so
a handful of uploads cannot tie up the web workers.
"""

from __future__ import annotations

from generator.errors import InputError

MiB = 1024 * 1024

MAX_JD_CHARS = 50_000
"""Longest description accepted, in characters, once converted to text."""

# .docx (a zip of XML parts). Word writes document.xml at roughly 10-40 bytes of markup per
# character of text, so 50,000 characters fit in about 2 MB; 8 MiB leaves room for drawings
# and heavy formatting while keeping a full parse around a tenth of a second.
DOCX_MAX_DOCUMENT_BYTES = 8 * MiB
"""Largest uncompressed main document part (word/document.xml) we will parse."""
DOCX_MAX_PART_BYTES = 4 * MiB
"""Largest uncompressed helper part we parse: content types, relationships, styles."""
DOCX_MAX_TOTAL_BYTES = 128 * MiB
"""Largest total uncompressed size the archive may declare (images included, never read)."""
DOCX_MAX_MEMBERS = 1_000
"""Most files the archive may hold; Word writes 10-30 plus one per image."""
DOCX_MAX_RATIO = 100
"""Highest compression ratio of a part we parse; Word's XML compresses about 5-15:1."""
DOCX_RATIO_FLOOR_BYTES = 1 * MiB
"""Parts smaller than this are exempt from the ratio check (small XML can compress very well)."""
DOCX_MAX_ELEMENTS = 500_000
"""Most XML elements read from one part; 8 MiB of real Word markup has fewer."""

# .pdf. A dense page holds 2,000-4,000 characters, so 50,000 characters is 15-25 pages; 100
# pages leaves room for sparse layouts. Text extraction costs a few milliseconds per ordinary
# page, so the time budget only matters for hostile content streams.
PDF_MAX_PAGES = 100
"""Most pages read; longer PDFs are refused from their declared page count."""
PDF_MAX_SECONDS = 3.0
"""Time budget for extracting text, checked between pages and while a page is read."""
PDF_MAX_PARSE_WORK = 100_000
"""pypdf's parsing budget per content stream (operands and operators, default 2,000,000).

A dense text page needs 2,000-12,000; 100,000 parses in about 0.4 s here.
"""

HTML_MAX_TAGS = 200_000
"""Most tags, comments and declarations read from one HTML file; a saved job page has ~20,000."""


def too_long(length: int, max_chars: int, *, at_least: bool = False) -> InputError:
    """The refusal for text over the limit, shared so every format words it the same way.

    Args:
        length: the characters counted (so far, when `at_least`).
        max_chars: the limit that was passed.
        at_least: True when reading stopped early, so `length` is a lower bound.

    Returns:
        The InputError to raise.
    """
    size = f"more than {max_chars:,}" if at_least else f"{length:,}"
    return InputError(
        f"The job description is {size} characters; the limit is {max_chars:,}. "
        "Remove the benefits and company boilerplate and try again."
    )
