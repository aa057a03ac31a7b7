"""A filled scoring workbook read back: each candidate column's ratings, checked cell by cell.

The workbook is the one `to_xlsx` writes. Competency rows are matched by the hidden competency-id
column, so retyped names still match; a workbook without it is matched by competency name.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.errors import InputError
from generator.render.xlsx import (
    FIRST_CANDIDATE_COL,
    FIRST_RATING_ROW,
    HEADER_ROW,
    ID_COL,
    ID_HEADER,
    MAX_CANDIDATES,
    SCORING_SHEET,
    SUMMARY_ROWS,
)
from generator.schema import Scorecard

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a generated workbook unpacks to well under 1 MB
MAX_MEMBERS = 500
EXTRA_ROWS = 20  # rows a user may have added among the competencies before we stop looking
_WHOLE = re.compile(r"[1-5]")
_WANTED = "a whole number from 1 to 5"


@dataclass(frozen=True)
class WorkbookColumn:
    """One candidate column of an uploaded scoring sheet, with the ratings it holds."""

    header: str  # the candidate's name as typed in the header cell
    column: str  # the column letter, e.g. "D"
    ratings: dict[str, int]  # competency id -> rating 1-5, rated competencies only


class RatingCellsError(InputError):
    """Cells of the scoring sheet that do not hold a whole number from 1 to 5.

    `cells` lists every bad cell as (address, problem), e.g. ("Scoring!E5", "'abc' is not a whole
    number from 1 to 5"); the message names each one: "Scoring!E5 holds 'abc'; enter a whole
    number from 1 to 5."
    """

    def __init__(self, found: list[tuple[str, object]]) -> None:
        self.cells = [(address, f"{_describe(value)} is not {_WANTED}") for address, value in found]
        sentences = [
            f"{address} holds {_describe(value)}; enter {_WANTED}." for address, value in found
        ]
        if len(sentences) == 1:
            super().__init__(sentences[0])
        else:
            super().__init__(f"{len(sentences)} rating cells need fixing: " + " ".join(sentences))


def read_scoring_workbook(data: bytes, card: Scorecard) -> list[WorkbookColumn]:
    """The ratings in an uploaded scoring workbook, one entry per candidate column with any.

    Args:
        data: the uploaded file's bytes.
        card: the scorecard version the workbook was downloaded for.

    Returns:
        Every candidate column that holds at least one rating, left to right.

    Raises:
        RatingCellsError: some rating cells hold something other than a whole number 1-5 (all of
            them are listed in `.cells`).
        InputError: the file is not an .xlsx workbook, is too large, has no Scoring sheet, or its
            competencies do not match the scorecard's.
    """
    _check_package(data)
    grid = _read_grid(data, len(card.competencies) + EXTRA_ROWS)
    rows = _competency_rows(grid, card)
    return _columns(grid, rows)


def _check_package(data: bytes) -> None:
    """Refuse anything that is not a plausible .xlsx before a parser touches it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; upload the scoring "
            "workbook downloaded for this scorecard."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "This is an old-style .xls (or password-protected) workbook; save it as .xlsx and "
            "upload it again."
        )
    not_xlsx = InputError(
        "This file is not an Excel workbook (.xlsx); upload the scoring workbook."
    )
    if not data.startswith(b"PK"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            if "mimetype" in names and "xl/workbook.xml" not in names:
                raise InputError(
                    "This is an OpenDocument spreadsheet; save it as Excel (.xlsx) and upload it "
                    "again."
                )
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise not_xlsx
            # Declared sizes bound what zipfile will unpack, so checking them stops zip bombs.
            unpacked = sum(member.file_size for member in members)
            if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
                raise InputError(
                    "This workbook unpacks to far more data than a scoring sheet holds; upload the "
                    "scoring workbook downloaded for this scorecard."
                )
    except zipfile.BadZipFile:
        raise not_xlsx from None


Grid = list[tuple[object, ...]]  # row values from HEADER_ROW down, columns A to ID_COL


def _read_grid(data: bytes, competency_rows: int) -> Grid:
    """The scoring sheet's values (formulas as their text), in read-only mode and bounded."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged package
        raise InputError(
            "This workbook could not be read; open it in Excel, save it as .xlsx and upload it again."
        ) from err
    try:
        if SCORING_SHEET not in wb.sheetnames:
            raise InputError(
                "This workbook has no Scoring sheet; upload the scoring workbook downloaded for "
                "this scorecard."
            )
        ws = wb[SCORING_SHEET]
        last_row = FIRST_RATING_ROW + competency_rows
        return list(
            ws.iter_rows(min_row=HEADER_ROW, max_row=last_row, max_col=ID_COL, values_only=True)
        )
    finally:
        wb.close()


def _cell(grid: Grid, row: int, col: int) -> object:
    """The value at a 1-based sheet row and column, None beyond what the sheet holds."""
    index = row - HEADER_ROW
    if index >= len(grid) or col > len(grid[index]):
        return None
    return grid[index][col - 1]


def _fold(text: object) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def _competency_rows(grid: Grid, card: Scorecard) -> dict[str, int]:
    """Competency id -> sheet row, matched by the hidden id column (or by name without it)."""
    by_id = {c.id: c for c in card.competencies}
    by_name = {_fold(c.name): c.id for c in card.competencies}
    has_ids = _fold(_cell(grid, HEADER_ROW, ID_COL)) == _fold(ID_HEADER)
    total_label = _fold(SUMMARY_ROWS["total"])
    rows: dict[str, int] = {}
    problems: list[str] = []
    for row in range(FIRST_RATING_ROW, HEADER_ROW + len(grid)):
        name = _fold(_cell(grid, row, 1))
        marked = str(_cell(grid, row, ID_COL) or "").strip() if has_ids else ""
        if name == total_label:
            break
        if not name and not marked:
            continue  # a blank row someone inserted
        shown = f"{str(_cell(grid, row, 1) or marked)!r} (row {row})"
        competency_id = marked if marked in by_id else by_name.get(name)
        if competency_id is None:
            problems.append(f"{shown} is not one of its competencies")
        elif competency_id in rows:
            problems.append(f"{shown} repeats row {rows[competency_id]}")
        else:
            rows[competency_id] = row
    missing = [repr(c.name) for c in card.competencies if c.id not in rows]
    if len(rows) * 2 < len(card.competencies):
        raise InputError(
            "This Scoring sheet was made for another scorecard (its competencies are not this "
            "one's); download this scorecard's workbook and enter the ratings there."
        )
    if missing:
        problems.insert(0, "there is no row for " + ", ".join(missing))
    if problems:
        raise InputError(
            "The Scoring sheet does not match this scorecard's competencies: "
            + "; ".join(problems)
            + "."
        )
    return rows


def _columns(grid: Grid, rows: dict[str, int]) -> list[WorkbookColumn]:
    """Each candidate column's ratings; every bad cell is collected before anything is raised."""
    columns: list[WorkbookColumn] = []
    bad: list[tuple[str, object]] = []
    for col in range(FIRST_CANDIDATE_COL, FIRST_CANDIDATE_COL + MAX_CANDIDATES):
        letter = get_column_letter(col)
        ratings: dict[str, int] = {}
        for competency_id, row in sorted(rows.items(), key=lambda item: item[1]):
            value = _cell(grid, row, col)
            address = f"{SCORING_SHEET}!{letter}{row}"
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            rating = _whole_rating(value)
            if rating is None:
                bad.append((address, value))
            else:
                ratings[competency_id] = rating
        if ratings:
            header = str(_cell(grid, HEADER_ROW, col) or "").strip() or f"Column {letter}"
            columns.append(WorkbookColumn(header=header, column=letter, ratings=ratings))
    if bad:
        raise RatingCellsError(bad)
    return columns


def _whole_rating(value: object) -> int | None:
    """The rating a cell holds, or None when it is not a whole number from 1 to 5."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 1 <= value <= 5 and value == int(value):
        return int(value)
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())  # a rating typed into a cell formatted as text
    return None


def _describe(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return f"a date or time ({value.isoformat()})"
    if isinstance(value, str) and value.startswith("="):
        return f"the formula {value!r}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)
