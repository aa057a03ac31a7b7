"""The workbook, read back: formulas, dropdowns, and totals and ranks equal to rank_panel's."""

from __future__ import annotations

import io
import random

import openpyxl
import pytest
from pycel import ExcelCompiler

from generator.errors import InputError
from generator.render.xlsx import ID_COL, MAX_CANDIDATES, scoring_layout, to_xlsx
from generator.scoring import CandidateEntry, PanelRating, rank_panel
from tests.generator.render.spreadsheet import needs_libreoffice, recalculated

COLUMNS = "DEFGHIJKLM"
SUMMARY = ("total", "rated_weight", "complete", "knockouts", "rank", "status")


@pytest.fixture
def card(generated):
    return generated["senior_data_engineer.md"]


@pytest.fixture
def workbook_path(card, tmp_path):
    path = tmp_path / "scorecard.xlsx"
    path.write_bytes(to_xlsx(card))
    return path


def fill(card, path, columns: dict[str, dict[str, int]], out):
    """Type ratings into candidate columns (letter -> competency id -> rating) and save."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Scoring"]
    first = scoring_layout(card)["first"]
    for col, ratings in columns.items():
        for offset, c in enumerate(card.competencies):
            if c.id in ratings:
                ws[f"{col}{first + offset}"] = ratings[c.id]
    wb.save(out)
    return out


def summary(card, path) -> dict[str, dict[str, object]]:
    """Every candidate column's summary rows, as pycel calculates them."""
    excel = ExcelCompiler(filename=str(path))
    layout = scoring_layout(card)
    return {
        col: {key: excel.evaluate(f"Scoring!{col}{layout[key]}") for key in SUMMARY}
        for col in COLUMNS
    }


def python_ranking(card, columns: dict[str, dict[str, int]]):
    """rank_panel over the same ratings, one interviewer per column; standings by column."""
    entries = [CandidateEntry(n, col) for n, col in enumerate(COLUMNS)]
    ratings = [
        PanelRating(n, f"rater {col}", cid, score)
        for n, col in enumerate(COLUMNS)
        for cid, score in columns.get(col, {}).items()
    ]
    return {s.name: s for s in rank_panel(card, entries, ratings).candidates}


def test_sheets_and_contents(card, workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == ["Scoring", "Competencies", "Question Bank", "Score Levels"]
    comp = wb["Competencies"]
    assert [comp.cell(row=r, column=1).value for r in range(2, 2 + len(card.competencies))] == [
        c.name for c in card.competencies
    ]
    assert comp.cell(row=2, column=3).value == ("Yes" if card.competencies[0].must_have else "No")
    assert wb["Question Bank"].max_row == len(card.questions) + 1
    scoring = wb["Scoring"]
    layout = scoring_layout(card)
    ids = [
        scoring.cell(row=r, column=ID_COL).value for r in range(layout["first"], layout["last"] + 1)
    ]
    assert ids == [c.id for c in card.competencies]
    assert scoring.column_dimensions["N"].hidden  # ids are there for uploads, out of the way
    assert [scoring[f"A{layout[key]}"].value for key in ("total", "complete", "rank")] == [
        "Weighted total (1-5, rated competencies)",
        "Complete?",
        "Rank (a knockout ranks below everyone without one)",
    ]


def test_formulas_and_validation_in_place(card, workbook_path):
    ws = openpyxl.load_workbook(workbook_path)["Scoring"]
    layout = scoring_layout(card)
    assert ws[f"D{layout['total']}"].value == (
        f'=IF(D{layout["rated_weight"]}="","",ROUND(SUMPRODUCT($B$3:$B$10,D3:D10)'
        f"/D{layout['rated_weight']},2))"
    )
    assert ws[f"D{layout['rated_weight']}"].value == (
        '=IF(COUNTIF(D3:D10,">0")=0,"",SUMIF(D3:D10,">0",$B$3:$B$10))'
    )
    assert "COUNTIFS($D$14:$M$14,0)" in ws[f"M{layout['rank']}"].value
    assert "RANK(" not in ws[f"M{layout['rank']}"].value
    assert ws[f"D{layout['knockouts']}"].value == (
        f'=IF(D{layout["rated_weight"]}="","",COUNTIFS($C$3:$C$10,"Yes",D3:D10,"<=2"))'
    )
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"1,2,3,4,5"'
    assert str(validations[0].sqref) == f"D{layout['first']}:M{layout['last']}"
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in ws.conditional_formatting}
    assert rules["D2:M2"] == ["AND(ISNUMBER(D$14),D$14>0)", 'D$13="No"']
    assert rules["D3:M10"] == [
        'AND($C3="Yes",ISNUMBER(D3),D3<=2)',  # a must-have rated 2 or lower
        'AND(D$13="No",ISBLANK(D3))',  # what a partly rated column still lacks
    ]
    assert rules[f"D{layout['total']}:M{layout['status']}"] == rules["D2:M2"]
    assert ws.cell(row=2, column=3 + MAX_CANDIDATES).value == f"Candidate {MAX_CANDIDATES}"


def test_a_knockout_ranks_below_everyone_whatever_its_total(card, workbook_path, tmp_path):
    ids = [c.id for c in card.competencies]
    assert card.competencies[0].must_have
    columns = {
        "D": dict(zip(ids, [2, 5, 5, 5, 5, 5, 5, 5], strict=True)),  # best total, must-have 2
        "E": dict(zip(ids, [3, 3, 3, 3, 3, 3, 3, 3], strict=True)),
        "F": dict(zip(ids, [4, 3, 4, 3, 4, 3, 4, 3], strict=True)),
    }
    values = summary(card, fill(card, workbook_path, columns, tmp_path / "filled.xlsx"))
    assert values["D"] == {
        "total": 3.65,
        "rated_weight": 100,
        "complete": "Yes",
        "knockouts": 1,
        "rank": 3,
        "status": "Knocked out",
    }
    assert (values["E"]["rank"], values["F"]["rank"]) == (2, 1)
    assert values["G"] == dict.fromkeys(SUMMARY, "")  # an unrated column stays blank


def test_a_partly_rated_column_is_incomplete_and_totals_its_rated_weight(
    card, workbook_path, tmp_path
):
    ids = [c.id for c in card.competencies]  # weights 45, 15, 10, 10, 5, 5, 5, 5
    columns = {"D": {ids[0]: 4, ids[1]: 2}, "E": dict.fromkeys(ids, 3)}
    values = summary(card, fill(card, workbook_path, columns, tmp_path / "partly.xlsx"))
    assert values["D"] == {
        "total": 3.5,  # (4 × 45 + 2 × 15) ÷ 60, not ÷ 100
        "rated_weight": 60,
        "complete": "No",
        "knockouts": 0,
        "rank": 1,
        "status": "Incomplete",
    }
    assert values["E"]["complete"] == "Yes" and values["E"]["rank"] == 2


@pytest.mark.parametrize("seed", range(5))
def test_totals_and_ranks_equal_rank_panel(card, workbook_path, tmp_path, seed):
    rng = random.Random(seed)
    ids = [c.id for c in card.competencies]
    columns = {}
    for col in rng.sample(COLUMNS, rng.randint(4, 10)):
        rated = rng.sample(ids, rng.choice([len(ids), len(ids), rng.randint(1, len(ids))]))
        columns[col] = {cid: rng.choice([1, 2, 3, 3, 4, 4, 5]) for cid in rated}
    values = summary(card, fill(card, workbook_path, columns, tmp_path / f"seed{seed}.xlsx"))
    expected = python_ranking(card, columns)
    for col in COLUMNS:
        s = expected[col]
        assert values[col]["total"] == ("" if s.weighted_total is None else s.weighted_total), col
        assert values[col]["rank"] == ("" if s.rank is None else s.rank), col
        assert values[col]["rated_weight"] == (s.rated_weight or ""), col
        assert values[col]["knockouts"] == ("" if s.rank is None else len(s.knockouts)), col
        assert values[col]["complete"] == ("" if s.rank is None else "Yes" if s.complete else "No")


def test_candidate_names_fill_the_headers_as_text(card):
    names = ["Ada Lovelace", '=HYPERLINK("http://evil.example","click")']
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(card, candidates=names)))["Scoring"]
    assert [ws["D2"].value, ws["E2"].value, ws["F2"].value] == [*names, "Candidate 3"]
    assert ws["E2"].data_type == "s"
    with pytest.raises(InputError, match="room for 10 candidates"):
        to_xlsx(card, candidates=[f"C{n}" for n in range(11)])


def test_text_that_looks_like_a_formula_stays_text(card):
    hostile = card.model_copy(deep=True)
    hostile.competencies[0].name = '=HYPERLINK("http://evil.example","click")'
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(hostile)))["Competencies"]
    assert ws["A2"].data_type == "s"


@needs_libreoffice
def test_libreoffice_recalculates_the_same_totals_and_ranks(card, workbook_path, tmp_path):
    ids = [c.id for c in card.competencies]
    columns = {
        "D": dict(zip(ids, [2, 5, 5, 5, 5, 5, 5, 5], strict=True)),
        "E": dict.fromkeys(ids, 3),
        "F": {ids[0]: 4, ids[1]: 2},
    }
    (tmp_path / "in").mkdir()
    filled = fill(card, workbook_path, columns, tmp_path / "in" / "filled.xlsx")
    recalc = recalculated(filled, tmp_path / "out")
    ws = openpyxl.load_workbook(recalc, data_only=True)["Scoring"]
    layout = scoring_layout(card)
    expected = python_ranking(card, columns)
    for col in "DEF":
        assert ws[f"{col}{layout['total']}"].value == pytest.approx(expected[col].weighted_total)
        assert ws[f"{col}{layout['rank']}"].value == expected[col].rank
    assert ws[f"F{layout['complete']}"].value == "No"
    assert ws[f"D{layout['status']}"].value == "Knocked out"


def test_every_sheet_prints_to_the_page_width_with_its_header_repeated(card, workbook_path):
    from generator.render.xlsx import HEADER_ROW

    workbook = openpyxl.load_workbook(workbook_path)
    for ws in workbook.worksheets:
        header = HEADER_ROW if ws.title == workbook.worksheets[0].title else 1
        assert ws.print_title_rows == f"${header}:${header}", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    orientations = {ws.title: ws.page_setup.orientation for ws in workbook.worksheets}
    assert orientations["Scoring"] == "landscape" and orientations["Score Levels"] == "portrait"
