"""The workbook, read back: formulas, dropdowns, rank, and totals equal to Python's."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pycel import ExcelCompiler

from generator.render.xlsx import MAX_CANDIDATES, scoring_layout, to_xlsx
from generator.scoring import knockouts, rank_candidates, weighted_score


@pytest.fixture
def card(generated):
    return generated["senior_data_engineer.md"]


@pytest.fixture
def workbook_path(card, tmp_path):
    path = tmp_path / "scorecard.xlsx"
    path.write_bytes(to_xlsx(card))
    return path


def test_sheets_and_contents(card, workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == ["Scoring", "Competencies", "Question Bank", "Score Levels"]
    comp = wb["Competencies"]
    assert [comp.cell(row=r, column=1).value for r in range(2, 2 + len(card.competencies))] == [
        c.name for c in card.competencies
    ]
    assert comp.cell(row=2, column=3).value == ("Yes" if card.competencies[0].must_have else "No")
    assert wb["Question Bank"].max_row == len(card.questions) + 1


def test_formulas_and_validation_in_place(card, workbook_path):
    ws = openpyxl.load_workbook(workbook_path)["Scoring"]
    layout = scoring_layout(card)
    assert ws[f"D{layout['total']}"].value.startswith("=IF(COUNT(")
    assert "SUMPRODUCT($B$3" in ws[f"D{layout['total']}"].value
    assert "COUNTIF(" in ws[f"M{layout['rank']}"].value
    assert "COUNTIFS(" in ws[f"D{layout['knockouts']}"].value
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"1,2,3,4,5"'
    assert str(validations[0].sqref) == f"D{layout['first']}:M{layout['last']}"
    assert ws.conditional_formatting  # must-have failures are highlighted
    assert ws.cell(row=2, column=3 + MAX_CANDIDATES).value == f"Candidate {MAX_CANDIDATES}"


def test_totals_and_ranks_match_python_when_ratings_are_edited(card, workbook_path, tmp_path):
    ids = [c.id for c in card.competencies]
    candidates = {
        "Candidate 1": dict(zip(ids, [5, 4, 4, 3, 5, 4, 3, 4], strict=True)),
        "Candidate 2": dict(
            zip(ids, [2, 5, 5, 5, 5, 5, 5, 5], strict=True)
        ),  # knocked out on the first must-have
        "Candidate 3": dict(zip(ids, [3, 3, 3, 3, 3, 3, 3, 3], strict=True)),
    }
    wb = openpyxl.load_workbook(workbook_path)
    ws = wb["Scoring"]
    layout = scoring_layout(card)
    for col, ratings in zip("DEF", candidates.values(), strict=False):
        for offset, cid in enumerate(ids):
            ws[f"{col}{layout['first'] + offset}"] = ratings[cid]
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    excel = ExcelCompiler(filename=str(edited))
    ranked = {r.candidate: r for r in rank_candidates(card, candidates)}
    for col, (name, ratings) in zip("DEF", candidates.items(), strict=False):
        total = excel.evaluate(f"Scoring!{col}{layout['total']}")
        assert total == pytest.approx(weighted_score(card, ratings))
        assert excel.evaluate(f"Scoring!{col}{layout['rank']}") == ranked[name].rank
        assert excel.evaluate(f"Scoring!{col}{layout['knockouts']}") == len(
            knockouts(card, ratings)
        )
    assert excel.evaluate(f"Scoring!G{layout['total']}") in (
        "",
        None,
    )  # an unrated candidate stays blank
    assert card.competencies[0].must_have  # Candidate 2's 2 on it is a knockout
    assert ranked["Candidate 2"].knockouts == (card.competencies[0].name,)


def test_text_that_looks_like_a_formula_stays_text(card):
    hostile = card.model_copy(deep=True)
    hostile.competencies[0].name = '=HYPERLINK("http://evil.example","click")'
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(hostile)))["Competencies"]
    assert ws["A2"].data_type == "s"
