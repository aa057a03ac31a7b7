"""Read a job description from a file or stream into plain text, refusing what is not one."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError
from generator.intake_limits import MAX_JD_CHARS, too_long
from generator.markup import html_to_text, looks_like_html

# Page breaks and vertical tabs (text copied out of PDFs and Word) end a line; other control
# characters are dropped, since spreadsheets and XML refuse them.
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")

MAX_FILE_BYTES = 10 * 1024 * 1024
MIN_JD_CHARS = 20
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_job_description(
    source: str | Path | bytes, *, filename: str | None = None, max_chars: int = MAX_JD_CHARS
) -> str:
    """Return the plain text of a job description given as text, bytes or a file path.

    Args:
        source: the text itself, raw file bytes, or a path to a .txt/.md/.html/.docx/.pdf file.
        filename: the original file name when `source` is bytes (its suffix picks the reader).
        max_chars: refuse descriptions longer than this once converted to text.

    Returns:
        The description as plain text, markup converted, ready for `parse_posting`.

    Raises:
        InputError: the input is empty, binary, of an unsupported type, unreadable or too long.
    """
    if isinstance(source, Path):
        if not source.is_file():
            raise InputError(f"No file at {source}; check the path and try again.")
        if source.stat().st_size > MAX_FILE_BYTES:
            raise InputError(
                f"{source.name} is larger than 10 MB; paste the job description text instead."
            )
        filename, source = source.name, source.read_bytes()
    if isinstance(source, bytes):
        text = _bytes_to_text(source, (filename or "").lower(), max_chars)
    else:
        text = html_to_text(source, max_chars=max_chars) if looks_like_html(source) else source
    return check_text(text, max_chars=max_chars)


def check_text(text: str, *, max_chars: int = MAX_JD_CHARS) -> str:
    """Refuse text that is empty, too short, binary or over the limit; return it tidied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise InputError(
            "The job description is empty; paste the text of the posting or choose a file."
        )
    if len(text) > max_chars:
        raise too_long(len(text), max_chars)
    if _control_ratio(text) > 0.02:
        raise InputError(
            "This does not look like text. Upload a .txt, .md, .html, .docx or .pdf file."
        )
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    if sum(ch.isalpha() for ch in text) < MIN_JD_CHARS:
        raise InputError(
            "The job description is too short to work from; include at least the duties or requirements."
        )
    return text


def _bytes_to_text(data: bytes, name: str, max_chars: int) -> str:
    suffix = Path(name).suffix
    if data[:4] == b"%PDF" or suffix == ".pdf":
        from generator.intake_pdf import pdf_text  # pypdf loads only when a PDF arrives

        return pdf_text(data, max_chars=max_chars)
    if data[:2] == b"PK" or suffix == ".docx":
        from generator.intake_docx import docx_text

        return docx_text(data, max_chars=max_chars)
    if suffix not in TEXT_SUFFIXES | {".html", ".htm"}:
        raise InputError(
            f"Files of type {suffix} are not supported; use .txt, .md, .html, .docx or .pdf."
        )
    if b"\x00" in data[:4096]:
        raise InputError(
            "This file is binary, not text. Upload a .txt, .md, .html, .docx or .pdf file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if suffix in {".html", ".htm"} or looks_like_html(text):
        return html_to_text(text, max_chars=max_chars)
    return text


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t" or ch == "\ufffd")
    return bad / max(len(text), 1)
