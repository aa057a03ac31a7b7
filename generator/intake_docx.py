"""Open a .docx upload only after its zip directory shows it could be a real document.

A .docx is a zip of XML parts, and a zip states each member's uncompressed size in its central
directory before anything is decompressed; zipfile also never inflates a member past that
stated size. So the sizes, the compression ratios and the member count are checked first, and
only then are the three or four small parts we need streamed through a bounded parser (see
`generator.intake_docx_body`). python-docx is not used here: it builds every paragraph of the
document in memory before we could count a single character.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import IO

from generator.errors import InputError
from generator.intake_docx_body import BodyText, W, parse_part
from generator.intake_limits import (
    DOCX_MAX_DOCUMENT_BYTES,
    DOCX_MAX_MEMBERS,
    DOCX_MAX_PART_BYTES,
    DOCX_MAX_RATIO,
    DOCX_MAX_TOTAL_BYTES,
    DOCX_RATIO_FLOOR_BYTES,
    MiB,
)

RELS = "http://schemas.openxmlformats.org/package/2006/relationships "
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types "
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word's encrypted files, and old .doc files
CENTRAL_ENTRY = b"PK\x01\x02"

UNREADABLE = "This .docx file could not be opened; save it again from Word or paste the text."
PROTECTED = (
    "This .docx is password-protected or is an old .doc file; "
    "save it from Word as a .docx without a password, or paste the text instead."
)
NOT_WORD = (
    "This file is not a .docx document; save it from Word as .docx or paste the text instead."
)
TOO_MANY = (
    f"This .docx holds more than {DOCX_MAX_MEMBERS:,} files; "
    "save it again from Word or paste the text instead."
)
TOO_BIG = (
    f"This .docx expands to more than {DOCX_MAX_TOTAL_BYTES // MiB} MB; "
    "remove large images or paste the text instead."
)
SQUEEZED = (
    "This .docx is compressed far more than a real document can be; "
    "save it again from Word or paste the text instead."
)


def docx_text(data: bytes, *, max_chars: int) -> str:
    """Return the text of a .docx the way python-docx listed it, within fixed bounds.

    Args:
        data: the uploaded file.
        max_chars: stop and refuse as soon as more text than this has been collected.

    Returns:
        Body paragraphs ("## " before headings, "- " before list items), then table rows.

    Raises:
        InputError: the file is not a readable, plausible .docx, or its text is too long.
    """
    if data.startswith(OLE_MAGIC):
        raise InputError(PROTECTED)
    if data.count(CENTRAL_ENTRY) > DOCX_MAX_MEMBERS:  # before zipfile parses every entry
        raise InputError(TOO_MANY)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive.infolist())
            main = _main_part(archive)
            body = BodyText(_paragraph_styles(archive, main), max_chars)
            with _open(archive, main, DOCX_MAX_DOCUMENT_BYTES) as stream:
                parse_part(stream, body.start, body.end, body.data, start_counts=True)
            return body.text()
    except InputError:
        raise
    except Exception as exc:  # zipfile, zlib and expat raise many unrelated types for bad files
        raise InputError(UNREADABLE) from exc


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > DOCX_MAX_MEMBERS:
        raise InputError(TOO_MANY)
    if any(member.flag_bits & 0x1 for member in members):
        raise InputError(PROTECTED)
    if sum(member.file_size for member in members) > DOCX_MAX_TOTAL_BYTES:
        raise InputError(TOO_BIG)


def _open(archive: zipfile.ZipFile, name: str, limit: int) -> IO[bytes]:
    """Open a part to parse after checking the size and ratio its directory entry states."""
    member = archive.getinfo(name)
    if member.file_size > limit:
        raise InputError(
            f"This .docx expands to more than {limit // MiB} MB of text markup; "
            "save it as a smaller file or paste the text instead."
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > DOCX_RATIO_FLOOR_BYTES and ratio > DOCX_MAX_RATIO:
        raise InputError(SQUEEZED)
    return archive.open(member)


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document's member name, from the package relationships and content types."""
    target = _relationships(archive, "_rels/.rels", "").get(RT + "officeDocument")
    if target is None:
        raise KeyError("no officeDocument relationship")
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == TYPES + "Override":
            overrides[attrs.get("PartName", "").lower()] = attrs.get("ContentType", "")
        elif name == TYPES + "Default":
            defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")

    with _open(archive, "[Content_Types].xml", DOCX_MAX_PART_BYTES) as stream:
        parse_part(stream, start)
    extension = posixpath.splitext(target)[1].lstrip(".").lower()
    content_type = overrides.get("/" + target.lower(), defaults.get(extension))
    if content_type != WORD_MAIN:  # a spreadsheet, a template or a macro-enabled document
        raise InputError(NOT_WORD)
    return target


def _relationships(archive: zipfile.ZipFile, name: str, base: str) -> dict[str, str]:
    """First internal target of each relationship type in a .rels part, as member names."""
    targets: dict[str, str] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == RELS + "Relationship" and attrs.get("TargetMode") != "External":
            path = posixpath.normpath(posixpath.join("/" + base, attrs.get("Target", "")))
            targets.setdefault(attrs.get("Type", ""), path.lstrip("/"))

    with _open(archive, name, DOCX_MAX_PART_BYTES) as stream:
        parse_part(stream, start)
    return targets


def _paragraph_styles(archive: zipfile.ZipFile, main: str) -> Callable[[str | None], str]:
    """Map a paragraph's style id to its lower-case style name, as python-docx resolved it."""
    folder, file = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", file + ".rels")
    try:
        part = _relationships(archive, rels, folder).get(RT + "styles")
    except KeyError:  # no relationships part: the document has no styles either
        part = None
    if part is None:  # python-docx then used its default styles, where every paragraph is Normal
        return lambda _style_id: "normal"
    names = _StyleNames()
    with _open(archive, part, DOCX_MAX_PART_BYTES) as stream:
        parse_part(stream, names.start, names.end)
    return names


class _StyleNames:
    """Style names by id from styles.xml: the first style with an id wins, the last default."""

    def __init__(self) -> None:
        self._kinds: dict[str, tuple[str | None, str]] = {}  # id -> (type, name)
        self._default = ""
        self._depth = 0
        self._style: tuple[str | None, str | None, bool] | None = None  # id, type, is default
        self._name: str | None = None

    def __call__(self, style_id: str | None) -> str:
        kind, name = self._kinds.get(style_id, (None, "")) if style_id else (None, "")
        return (name if kind == "paragraph" else self._default).lower()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """Note a top-level w:style and the first w:name inside it."""
        self._depth += 1
        if self._depth == 2 and tag == W + "style":
            is_default = attrs.get(W + "default") in ("1", "true", "on")
            self._style = (attrs.get(W + "styleId"), attrs.get(W + "type"), is_default)
            self._name = None
        elif self._depth == 3 and tag == W + "name" and self._style and self._name is None:
            self._name = attrs.get(W + "val", "")

    def end(self, tag: str) -> None:
        """Record the style that just closed."""
        if self._depth == 2 and self._style is not None:
            style_id, kind, is_default = self._style
            if style_id is not None:
                self._kinds.setdefault(style_id, (kind, self._name or ""))
            if kind == "paragraph" and is_default:
                self._default = self._name or ""
            self._style = None
        self._depth -= 1
