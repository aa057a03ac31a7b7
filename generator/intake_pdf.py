"""Read a PDF's text layer page by page, within a page count, a time budget and the text limit.

A PDF states its page count in the page tree's /Count, so a long file is refused before any
page is touched, and pypdf is told to stop walking a page tree that holds more than that claim.
Pages are then read one at a time, stopping as soon as the text passes the limit; a visitor
checks the clock between content-stream operators, so even a hostile page (or a form drawn
thousands of times) cannot hold a worker past the budget by more than one bounded parse.
"""

from __future__ import annotations

import io
import re
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from generator.errors import InputError
from generator.intake_limits import (
    PDF_MAX_PAGES,
    PDF_MAX_PARSE_WORK,
    PDF_MAX_SECONDS,
    too_long,
)

# Bytes any text-showing operator needs (pypdf skips pages without them the same way).
_TEXT_OPERATOR = re.compile(rb"Tj|TJ|Do|['\"]")

UNREADABLE = "This PDF could not be read; export it again or paste the text."
NO_TEXT = "This PDF has no text layer (it may be a scan); paste the text instead."
TOO_MANY_PAGES = (
    f"This PDF has more than {PDF_MAX_PAGES} pages; "
    "upload only the pages with the job description or paste the text instead."
)
TOO_SLOW = (
    "This PDF is too complex to read in reasonable time; "
    "export it again as a simpler PDF or paste the text instead."
)


class _OutOfTime(Exception):
    """Raised from the operator visitor when the time budget is spent."""


def pdf_text(data: bytes, *, max_chars: int) -> str:
    """Return the text of a PDF, page by page, refusing what would take too long to read.

    Args:
        data: the uploaded file.
        max_chars: stop and refuse as soon as more text than this has been collected.

    Returns:
        The text of every page, pages separated by a newline.

    Raises:
        InputError: the PDF is unreadable, too long, too slow to read, or has no text layer.
    """
    import pypdf  # imported here so that plain-text runs stay fast

    limit_reached: type[Exception] = getattr(pypdf.errors, "LimitReachedError", _OutOfTime)
    deadline = time.monotonic() + PDF_MAX_SECONDS
    with _bounded(pypdf):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            _check_page_count(reader, limit_reached)
            texts: list[str] = []
            for page in reader.pages:
                texts.append(_page_text(page, deadline))
                _check_length(texts, max_chars)
        except InputError:
            raise
        except (_OutOfTime, limit_reached) as exc:
            raise InputError(TOO_SLOW) from exc
        except Exception as exc:  # pypdf raises many error types for damaged files
            raise InputError(UNREADABLE) from exc
    text = "\n".join(texts)
    if not text.strip():
        raise InputError(NO_TEXT)
    return text


def _bounded(pypdf: Any) -> AbstractContextManager[object]:
    """pypdf's own limits, tightened for this call only (a context variable, so thread-safe)."""
    apply = getattr(pypdf, "apply_configuration", None)  # pypdf 7+; older ones keep defaults
    known = getattr(getattr(pypdf, "Configuration", None), "__dataclass_fields__", {})
    wanted = {
        "page_tree_maximum_entries": 3 * PDF_MAX_PAGES,  # pages plus the nodes that group them
        "stream_parsing_work_maximum_count": PDF_MAX_PARSE_WORK,
    }
    if apply is None:
        return nullcontext()
    context: AbstractContextManager[object] = apply(
        **{name: value for name, value in wanted.items() if name in known}
    )
    return context


def _check_page_count(reader: Any, limit_reached: type[Exception]) -> None:
    """Refuse long PDFs from the declared count first, then from the page tree itself."""
    try:
        declared = reader.root_object["/Pages"]["/Count"]
    except Exception:  # a missing or damaged count: the page tree walk below decides
        declared = 0
    if isinstance(declared, int) and declared > PDF_MAX_PAGES:
        raise InputError(TOO_MANY_PAGES)
    try:
        pages = len(reader.pages)  # walks the tree of page dictionaries, not their content
    except limit_reached as exc:  # the tree holds far more than it declared
        raise InputError(TOO_MANY_PAGES) from exc
    if pages > PDF_MAX_PAGES:
        raise InputError(TOO_MANY_PAGES)


def _page_text(page: Any, deadline: float) -> str:
    """One page's text, or "" at once when its content cannot show text."""
    if time.monotonic() > deadline:
        raise _OutOfTime
    try:
        contents = page.get_contents()
        can_show_text = contents is not None and bool(_TEXT_OPERATOR.search(contents.get_data()))
    except Exception:  # damaged content: let extract_text treat it as it always did
        can_show_text = True
    if not can_show_text:
        return ""

    def check_clock(*_: object) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime

    return str(page.extract_text(visitor_operand_before=check_clock) or "")


def _check_length(texts: list[str], max_chars: int) -> None:
    """Refuse once the pages read so far are over the limit, counted as check_text will."""
    if sum(map(len, texts)) + len(texts) - 1 <= max_chars:
        return
    length = len("\n".join(texts).replace("\r\n", "\n").replace("\x00", "").strip())
    if length > max_chars:
        raise too_long(length, max_chars, at_least=True)
