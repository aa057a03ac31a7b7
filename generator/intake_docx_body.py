"""Stream the text out of a .docx's main document part, stopping as soon as it is too long.

The output matches what python-docx gave through `document.paragraphs` and `document.tables`
(body paragraphs first, with "## " for headings and "- " for list styles, then one line per
table row), but the XML is read with expat as it is decompressed: no tree is built, nothing is
kept per paragraph once its line is written, and reading stops the moment the collected text
passes the limit or the part holds more elements than a real document would.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Callable
from typing import IO

from generator.errors import InputError
from generator.intake_limits import DOCX_MAX_ELEMENTS, too_long

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
CHUNK_BYTES = 64 * 1024

Start = Callable[[str, dict[str, str]], None]

# Roles: where an element sits, found from its parent's role and its own tag in one lookup.
# Roles up to BODY need no work when they open or close, which keeps the common path short.
ROOT, OTHER, DOCUMENT, BODY = -1, 0, 1, 2
BODY_P, CELL_P, PPR, PSTYLE, RUN, LINK, TEXT, TAB, BR, CR, HYPHEN = range(3, 14)
TBL, TR, TRPR, GRID_BEFORE, TC, TCPR, GRID_SPAN, VMERGE = range(14, 22)
_ROLE = {
    (ROOT, W + "document"): DOCUMENT,
    (DOCUMENT, W + "body"): BODY,
    (BODY, W + "p"): BODY_P,
    (BODY, W + "tbl"): TBL,
    (TBL, W + "tr"): TR,
    (TR, W + "trPr"): TRPR,
    (TRPR, W + "gridBefore"): GRID_BEFORE,
    (TR, W + "tc"): TC,
    (TC, W + "tcPr"): TCPR,
    (TCPR, W + "gridSpan"): GRID_SPAN,
    (TCPR, W + "vMerge"): VMERGE,
    (TC, W + "p"): CELL_P,
    (BODY_P, W + "pPr"): PPR,
    (PPR, W + "pStyle"): PSTYLE,
    **{(p, W + "r"): RUN for p in (BODY_P, CELL_P, LINK)},
    **{(p, W + "hyperlink"): LINK for p in (BODY_P, CELL_P)},
    (RUN, W + "t"): TEXT,
    (RUN, W + "tab"): TAB,
    (RUN, W + "ptab"): TAB,
    (RUN, W + "br"): BR,
    (RUN, W + "cr"): CR,
    (RUN, W + "noBreakHyphen"): HYPHEN,
}
_RUN_TEXT = {TAB: "\t", CR: "\n", HYPHEN: "-"}


TOO_MUCH_MARKUP = (
    "This .docx holds far more markup than a job description needs; "
    "save it as a smaller file or paste the text instead."
)


class _Stop(Exception):
    """Raised inside an expat handler to end parsing early; carries the refusal."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def parse_part(
    stream: IO[bytes],
    start: Start,
    end: Callable[[str], None] | None = None,
    data: Callable[[str], None] | None = None,
    *,
    start_counts: bool = False,
) -> None:
    """Feed one XML part through expat in chunks, refusing DTDs and floods of elements.

    `start_counts` says the start handler already counts elements (see `BodyText.start`),
    which saves a Python call per element on the one part that can be large.

    Raises:
        InputError: the part has more than DOCX_MAX_ELEMENTS elements, or a handler refused
            it (text too long).
        xml.parsers.expat.ExpatError: the part is not well-formed XML.
        ValueError: the part declares a DTD.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES
    count = 0

    def counted_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > DOCX_MAX_ELEMENTS:
            raise _Stop(InputError(TOO_MUCH_MARKUP))
        start(name, attrs)

    def refuse_dtd(*_: object) -> None:
        # Word never writes a DTD; refusing one rules out entity-expansion bombs outright.
        raise ValueError("a .docx part declares a DTD")

    parser.StartElementHandler = start if start_counts else counted_start
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    if end is not None:
        parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.error from None


class BodyText:
    """Collects the lines of the document body, refusing once they pass `max_chars`."""

    def __init__(self, style_of: Callable[[str | None], str], max_chars: int) -> None:
        self._style_of = style_of
        self._max_chars = max_chars
        self._roles = [ROOT]
        self._elements = 0
        self._lines: list[str] = []  # body paragraphs, in order
        self._rows: list[str] = []  # table rows, which python-docx listed after the paragraphs
        self._length = -1  # length of "\n".join(all lines) so far
        self._para: list[str] = []
        self._para_visible = 0  # non-space characters of the open body paragraph
        self._style_id: str | None = None
        self._in_text = False
        self._cells: list[str] = []  # paragraphs of the open cell
        self._row: list[tuple[int, bool, str]] = []  # (grid offset, continues above, text)
        self._offset = 0
        self._span = 1
        self._continues = False
        self._above: dict[int, str] = {}

    def text(self) -> str:
        """All body paragraphs, then all table rows, one per line."""
        return "\n".join(self._lines + self._rows)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """Open an element: note its role and act on the few that carry text or layout."""
        self._elements += 1
        if self._elements > DOCX_MAX_ELEMENTS:
            raise _Stop(InputError(TOO_MUCH_MARKUP))
        role = _ROLE.get((self._roles[-1], name), OTHER)
        self._roles.append(role)
        self._in_text = role == TEXT  # python-docx took only the text before a child of w:t
        if role <= BODY:  # nothing to do for most elements: keep this path short
            return
        if role in _RUN_TEXT:
            self._para.append(_RUN_TEXT[role])
        elif role == BR:
            if attrs.get(W + "type", "textWrapping") == "textWrapping":
                self._para.append("\n")
        elif role in (BODY_P, CELL_P):
            self._para, self._para_visible, self._style_id = [], 0, None
        elif role == PSTYLE:
            self._style_id = self._style_id or attrs.get(W + "val")
        elif role == TR:
            self._row, self._offset = [], 0
        elif role == GRID_BEFORE:
            self._offset = _number(attrs.get(W + "val"), 0)
        elif role == TC:
            self._cells, self._span, self._continues = [], 1, False
        elif role == GRID_SPAN:
            self._span = max(1, _number(attrs.get(W + "val"), 1))
        elif role == VMERGE:
            self._continues = attrs.get(W + "val", "continue") == "continue"
        elif role == TBL:
            self._above = {}

    def data(self, text: str) -> None:
        """Keep the characters of a w:t; count them so a giant paragraph stops early."""
        if not self._in_text:
            return
        self._para.append(text)
        if self._roles[-3] == BODY_P or self._roles[-4] == BODY_P:
            self._para_visible += sum(map(len, text.split()))
            if self._length + 1 + self._para_visible > self._max_chars:
                raise _Stop(too_long(self._para_visible, self._max_chars, at_least=True))

    def end(self, name: str) -> None:
        """Close an element: finish a paragraph, a cell or a row when one ends."""
        role = self._roles.pop()
        self._in_text = False
        if role <= BODY:
            return
        if role == BODY_P:
            line = "".join(self._para).strip()
            if line:
                style = self._style_of(self._style_id)
                if "list" in style:
                    line = f"- {line}"
                elif style.startswith("heading") or style == "title":
                    line = f"## {line}"
                self._add(self._lines, line)
        elif role == CELL_P:
            self._cells.append("".join(self._para))
        elif role == TC:
            self._row.append((self._offset, self._continues, "\n".join(self._cells)))
            self._offset += self._span
        elif role == TR:
            self._end_row()

    def _end_row(self) -> None:
        # A cell that continues a vertical merge shows the text of the cell above it.
        shown = {
            offset: self._above.get(offset, text) if continues else text
            for offset, continues, text in self._row
        }
        self._above = shown
        cells = [text.strip() for text in shown.values() if text.strip()]
        if cells:
            self._add(self._rows, " ".join(dict.fromkeys(cells)))

    def _add(self, lines: list[str], line: str) -> None:
        line = line.replace("\r\n", "\n").replace("\r", "\n")  # as check_text will
        lines.append(line)
        self._length += len(line) + 1
        if self._length > self._max_chars:
            raise _Stop(too_long(self._length, self._max_chars, at_least=True))


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
