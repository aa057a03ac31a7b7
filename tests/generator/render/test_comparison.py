"""Comparison exports: the workbook's live formulas agree with rank_panel; the CSV is safe."""

from __future__ import annotations

import csv
import io
import random

import openpyxl
import pytest
from pycel import ExcelCompiler

from generator.render.comparison import comparison_csv, comparison_layout, comparison_xlsx
from generator.scoring import CandidateEntry, PanelRating, rank_panel
from tests.generator.render.spreadsheet import needs_libreoffice, recalculated

HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def card(generated):
    return generated["senior_data_engineer.md"]  # must-haves: the 1st and the 3rd competency


def panel(card, seed: int):
    """Twelve candidates rated by three of four interviewers, a few cells left unrated."""
    rng = random.Random(seed)
    candidates = [
        CandidateEntry(n, f"Candidate {n:02d}", feedback_expected=3, feedback_submitted=3)
        for n in range(1, 13)
    ]
    candidates.append(CandidateEntry(99, HOSTILE, feedback_expected=2))  # no ratings yet
    ratings = [
        PanelRating(e.candidate_id, who, c.id, rng.randint(1, 5), evidence="=1+2 said so")
        for e in candidates[:-1]
        for who in rng.sample(["ann", "bob", "cat", "dan"], 3)
        for c in card.competencies
        if rng.random() < 0.9
    ]
    return candidates, ratings


def evaluate(card, ranking, data: bytes, tmp_path):
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(data)
    excel = ExcelCompiler(filename=str(path))
    layout = comparison_layout(card, ranking)
    return [
        {col: excel.evaluate(f"Comparison!{col}{row}") for col in "ACDEFG"}
        for row in range(layout["first"], layout["last"] + 1)
    ]


@pytest.mark.parametrize("seed", range(4))
def test_live_totals_and_ranks_equal_rank_panel(card, tmp_path, seed):
    candidates, ratings = panel(card, seed)
    ranking = rank_panel(card, candidates, ratings)
    assert any(s.knocked_out for s in ranking.candidates)
    rows = evaluate(card, ranking, comparison_xlsx(card, ranking, ratings), tmp_path)
    for row, s in zip(rows, ranking.candidates, strict=True):
        if s.rank is None:
            assert set(row.values()) == {""}, s.name
            continue
        assert (row["A"], row["C"], row["D"]) == (s.rank, s.weighted_total, s.rated_weight)
        assert row["F"] == len(s.knockouts)
        assert row["E"] == ("Yes" if s.complete else "No")


def test_a_knocked_out_row_ranks_last_and_editing_a_mean_reranks(card, tmp_path):
    ids = [c.id for c in card.competencies]
    candidates = [CandidateEntry(1, "Top but unsafe"), CandidateEntry(2, "Solid")]
    candidates.append(CandidateEntry(3, "Partly seen"))
    ratings = [PanelRating(1, who, cid, 5) for who in ("ann", "bob") for cid in ids]
    ratings = [r for r in ratings if r.competency_id != ids[2]]
    ratings += [PanelRating(1, "ann", ids[2], 2), PanelRating(1, "bob", ids[2], 2)]
    ratings += [PanelRating(2, "ann", cid, 3) for cid in ids]
    ratings += [PanelRating(3, "bob", ids[0], 4)]
    ranking = rank_panel(card, candidates, ratings)
    assert [(s.name, s.rank) for s in ranking.candidates] == [
        ("Partly seen", 1),
        ("Solid", 2),
        ("Top but unsafe", 3),
    ]
    data = comparison_xlsx(card, ranking, ratings)
    rows = evaluate(card, ranking, data, tmp_path)
    assert [r["A"] for r in rows] == [1, 2, 3]
    assert rows[2]["C"] == 4.7 and rows[2]["F"] == 1 and rows[2]["G"] == "Knocked out"
    assert rows[0]["E"] == "No" and rows[0]["G"] == "Incomplete" and rows[0]["D"] == 45

    # Raise the knocked-out must-have's mean to 3 in the workbook: the candidate goes first.
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Comparison"]
    layout = comparison_layout(card, ranking)
    ws.cell(row=layout["first"] + 2, column=layout["first_mean_col"] + 2, value=3)
    edited = io.BytesIO()
    wb.save(edited)
    rows = evaluate(card, ranking, edited.getvalue(), tmp_path)
    assert [r["A"] for r in rows] == [2, 3, 1]


def test_sheets_formatting_and_print_settings(card):
    candidates, ratings = panel(card, 0)
    ranking = rank_panel(card, candidates, ratings)
    wb = openpyxl.load_workbook(io.BytesIO(comparison_xlsx(card, ranking, ratings)))
    assert wb.sheetnames == ["Comparison", "Ratings", "Calibration"]
    ws = wb["Comparison"]
    layout = comparison_layout(card, ranking)
    first_mean = layout["first_mean_col"]
    assert ws.cell(row=layout["weights"], column=first_mean).value == card.competencies[0].weight
    assert ws.cell(row=layout["first"], column=first_mean).value == (
        ranking.candidates[0].competencies[card.competencies[0].id].mean
    )
    assert ws["C4"].value.startswith('=IF(D4="","",ROUND(ROUND((H$2*H4+I$2*I4+')
    rules = {str(r.sqref): [rule.formula[0] for rule in r.rules] for r in ws.conditional_formatting}
    assert rules[f"A4:G{layout['last']}"] == ["AND(ISNUMBER($F4),$F4>0)", '$E4="No"']
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$3"  # the header, weights and must-have rows repeat
    ratings_sheet = wb["Ratings"]
    assert ratings_sheet.max_row == len(ratings) + 1
    assert ratings_sheet["E2"].value == "=1+2 said so" and ratings_sheet["E2"].data_type == "s"
    calibration = wb["Calibration"]
    assert [calibration.cell(row=r, column=1).value for r in range(2, 6)] == [
        c.interviewer for c in ranking.calibration
    ]
    assert calibration["F2"].value == ranking.calibration[0].lean


def test_csv_is_in_rank_order_and_formula_safe(card):
    candidates, ratings = panel(card, 1)
    ranking = rank_panel(card, candidates, ratings)
    rows = list(csv.reader(io.StringIO(comparison_csv(card, ranking))))
    header, first, last = rows[0], rows[1], rows[-1]
    assert header[:10] == [
        "rank",
        "name",
        "weighted_total",
        "rated_weight",
        "complete",
        "knocked_out",
        "knockouts",
        "disagreements",
        "feedback_submitted",
        "feedback_expected",
    ]
    assert header[10:] == [c.name for c in card.competencies]
    assert len(rows) == len(candidates) + 1
    top = ranking.candidates[0]
    assert first[:6] == ["1", top.name, f"{top.weighted_total:.2f}", str(top.rated_weight)] + [
        "yes" if top.complete else "no",
        "no",
    ]
    assert first[10] == f"{top.competencies[card.competencies[0].id].mean:.2f}"
    assert last[:3] == ["", "'" + HOSTILE, ""]  # unrated, last, and text when opened
    knocked = next(r for r in rows[1:] if r[5] == "yes")
    assert knocked[6] and all(name in header[10:] for name in knocked[6].split("; "))


def test_a_formula_like_name_stays_text_in_the_workbook(card):
    candidates, ratings = panel(card, 2)
    ranking = rank_panel(card, candidates, ratings)
    ws = openpyxl.load_workbook(io.BytesIO(comparison_xlsx(card, ranking, ratings)))["Comparison"]
    layout = comparison_layout(card, ranking)
    cell = ws.cell(row=layout["last"], column=2)
    assert cell.value == HOSTILE and cell.data_type == "s"


@needs_libreoffice
def test_libreoffice_recalculates_the_comparison_like_rank_panel(card, tmp_path):
    """Opened in a real spreadsheet program, the live formulas give rank_panel's totals and ranks."""
    candidates, ratings = panel(card, 7)
    ranking = rank_panel(card, candidates, ratings)
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "comparison.xlsx"
    source.write_bytes(comparison_xlsx(card, ranking, ratings))
    ws = openpyxl.load_workbook(recalculated(source, tmp_path / "out"), data_only=True)[
        "Comparison"
    ]
    layout = comparison_layout(card, ranking)
    for row, s in zip(range(layout["first"], layout["last"] + 1), ranking.candidates, strict=True):
        if s.rank is None:
            continue
        assert ws[f"A{row}"].value == s.rank, s.name
        assert ws[f"C{row}"].value == pytest.approx(s.weighted_total), s.name
        assert ws[f"F{row}"].value == len(s.knockouts), s.name
