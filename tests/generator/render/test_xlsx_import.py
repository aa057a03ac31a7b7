"""Uploading a filled scoring workbook: ratings read back exactly, bad cells and files refused."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from generator.errors import InputError
from generator.render.xlsx import ID_COL, to_xlsx
from generator.render.xlsx_import import RatingCellsError, WorkbookColumn, read_scoring_workbook


@pytest.fixture
def card(generated):
    return generated["senior_data_engineer.md"]


def filled(card, cells: dict[str, object], edit=None, names=("Ada", "Bo", "Cy")) -> bytes:
    """A generated workbook with values typed into Scoring cells, saved as an upload would be."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(card, candidates=list(names))))
    ws = wb["Scoring"]
    for address, value in cells.items():
        ws[address] = value
    if edit:
        edit(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_ratings_read_back_exactly(card):
    ids = [c.id for c in card.competencies]  # rows 3 to 10
    cells = {f"D{3 + n}": score for n, score in enumerate([5, 4, 4, 3, 5, 4, 3, 4])}
    cells |= {"E3": 2, "E4": 3}  # partly rated
    cells |= {"G10": "4"}  # typed into a cell formatted as text; F stays empty
    columns = read_scoring_workbook(filled(card, cells), card)
    assert columns == [
        WorkbookColumn("Ada", "D", dict(zip(ids, [5, 4, 4, 3, 5, 4, 3, 4], strict=True))),
        WorkbookColumn("Bo", "E", {ids[0]: 2, ids[1]: 3}),
        WorkbookColumn("Candidate 4", "G", {ids[7]: 4}),
    ]


def test_retyped_competency_names_still_match_by_the_hidden_ids(card):
    def retype(ws):
        for row in range(3, 11):
            ws[f"A{row}"] = f"Skill {row}"

    (column,) = read_scoring_workbook(filled(card, {"D5": 1}, edit=retype), card)
    assert column.ratings == {card.competencies[2].id: 1}


def test_a_workbook_without_the_id_column_is_matched_by_name(card):
    def drop_ids(ws):
        for row in range(2, 11):
            ws.cell(row=row, column=ID_COL).value = None

    (column,) = read_scoring_workbook(filled(card, {"D3": 5}, edit=drop_ids), card)
    assert column.ratings == {card.competencies[0].id: 5}


def test_every_bad_cell_is_reported_with_its_address(card):
    cells = {
        "D3": 0,
        "D4": 6,
        "E5": 3.5,
        "E6": "abc",
        "F7": "=1+1",
        "G8": datetime.datetime(2024, 3, 1),
        "H9": 3,  # fine
    }
    with pytest.raises(RatingCellsError) as caught:
        read_scoring_workbook(filled(card, cells), card)
    assert caught.value.cells == [
        ("Scoring!D3", "0 is not a whole number from 1 to 5"),
        ("Scoring!D4", "6 is not a whole number from 1 to 5"),
        ("Scoring!E5", "3.5 is not a whole number from 1 to 5"),
        ("Scoring!E6", "'abc' is not a whole number from 1 to 5"),
        ("Scoring!F7", "the formula '=1+1' is not a whole number from 1 to 5"),
        ("Scoring!G8", "a date or time (2024-03-01T00:00:00) is not a whole number from 1 to 5"),
    ]
    assert str(caught.value).startswith(
        "6 rating cells need fixing: Scoring!D3 holds 0; enter a whole number from 1 to 5. "
        "Scoring!D4 holds 6;"
    )
    assert isinstance(caught.value, InputError)


def test_one_bad_cell_is_one_sentence(card):
    with pytest.raises(InputError) as caught:
        read_scoring_workbook(filled(card, {"E5": "abc"}), card)
    assert str(caught.value) == "Scoring!E5 holds 'abc'; enter a whole number from 1 to 5."


def test_a_workbook_for_another_scorecard_is_refused(card, generated):
    with pytest.raises(InputError, match="made for another scorecard"):
        read_scoring_workbook(filled(card, {"D3": 4}), generated["registered_nurse.txt"])


def test_a_repeated_competency_row_is_named(card):
    def repeat(ws):
        ws["N5"] = ws["N3"].value

    with pytest.raises(InputError) as caught:
        read_scoring_workbook(filled(card, {"D3": 4}, edit=repeat), card)
    name = card.competencies[2].name
    assert str(caught.value) == (
        "The Scoring sheet does not match this scorecard's competencies: there is no row for "
        f"{name!r}; {name!r} (row 5) repeats row 3."
    )


def test_a_deleted_competency_row_is_named(card):
    def delete_row(ws):
        ws.delete_rows(5)

    with pytest.raises(InputError, match=repr(card.competencies[2].name)):
        read_scoring_workbook(filled(card, {"D3": 4}, edit=delete_row), card)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7 not a workbook", "not an Excel workbook (.xlsx)"),
        (b"name,score\nAda,5\n", "not an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old-style .xls"),
        (b"PK\x03\x04 but truncated", "not an Excel workbook (.xlsx)"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "not an Excel"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "OpenDocument spreadsheet",
        ),
        (b"PK" + b"\0" * (6 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(card, data, says):
    with pytest.raises(InputError, match=says.replace("(", r"\(").replace(")", r"\)")):
        read_scoring_workbook(data, card)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(card):
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024),
        }
    )
    assert len(bomb) < 1024 * 1024
    with pytest.raises(InputError, match="unpacks to far more data"):
        read_scoring_workbook(bomb, card)


def test_a_workbook_without_a_scoring_sheet_is_refused(card):
    wb = openpyxl.Workbook()
    wb.active.title = "Candidates"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(InputError, match="has no Scoring sheet"):
        read_scoring_workbook(buffer.getvalue(), card)
