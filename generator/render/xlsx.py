"""The Excel workbook: competencies, a scoring sheet for up to ten candidates, the question bank.

Totals, knockouts and ranks are live formulas, so they update when a rating is edited in Excel or
LibreOffice; ratings are restricted to 1-5 by data validation dropdowns.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.render.markdown import CATEGORY_LABELS
from generator.schema import Scorecard

MAX_CANDIDATES = 10
HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
KNOCKOUT_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="top")
FIRST_RATING_ROW = 3
FIRST_CANDIDATE_COL = 4  # D


def scoring_layout(scorecard: Scorecard) -> dict[str, int]:
    """Row numbers of the scoring sheet's parts, shared with the tests that read it back."""
    last = FIRST_RATING_ROW + len(scorecard.competencies) - 1
    return {
        "first": FIRST_RATING_ROW,
        "last": last,
        "total": last + 1,
        "knockouts": last + 2,
        "rank": last + 3,
    }


def to_xlsx(scorecard: Scorecard) -> bytes:
    """Build the workbook and return its bytes."""
    wb = Workbook()
    _scoring_sheet(wb.active, scorecard)
    _competency_sheet(wb.create_sheet("Competencies"), scorecard)
    _question_sheet(wb.create_sheet("Question Bank"), scorecard)
    _levels_sheet(wb.create_sheet("Score Levels"), scorecard)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text_cell(ws, row: int, col: int, value: object):
    """Write a value; text is always stored as text, so JD or model text is never run as a formula."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.alignment = WRAP
    return cell


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font, cell.fill, cell.alignment = HEADER, HEADER_FILL, WRAP


def _scoring_sheet(ws, card: Scorecard) -> None:
    ws.title = "Scoring"
    layout = scoring_layout(card)
    first, last = layout["first"], layout["last"]
    _text_cell(
        ws,
        1,
        1,
        f"{card.role.title}: candidate scoring (enter ratings 1-5; totals and ranks update automatically)",
    )
    ws["A1"].font = Font(bold=True, size=13)
    _header(
        ws,
        2,
        ["Competency", "Weight %", "Must have"]
        + [f"Candidate {i}" for i in range(1, MAX_CANDIDATES + 1)],
    )
    for offset, c in enumerate(card.competencies):
        row = first + offset
        _text_cell(ws, row, 1, c.name)
        ws.cell(row=row, column=2, value=c.weight)
        ws.cell(row=row, column=3, value="Yes" if c.must_have else "No")
    last_col = get_column_letter(FIRST_CANDIDATE_COL + MAX_CANDIDATES - 1)
    first_col = get_column_letter(FIRST_CANDIDATE_COL)
    weights = f"$B${first}:$B${last}"
    ws.cell(row=layout["total"], column=1, value="Weighted total (1-5)").font = Font(bold=True)
    ws.cell(row=layout["knockouts"], column=1, value="Must-have knockouts").font = Font(bold=True)
    ws.cell(row=layout["rank"], column=1, value="Rank").font = Font(bold=True)
    for i in range(MAX_CANDIDATES):
        col = get_column_letter(FIRST_CANDIDATE_COL + i)
        ratings = f"{col}{first}:{col}{last}"
        ws[f"{col}{layout['total']}"] = (
            f'=IF(COUNT({ratings})=0,"",ROUND(SUMPRODUCT({weights},{ratings})/100,2))'
        )
        ws[f"{col}{layout['knockouts']}"] = (
            f'=IF(COUNT({ratings})=0,"",COUNTIFS($C${first}:$C${last},"Yes",{ratings},"<3"))'
        )
        totals = f"${first_col}${layout['total']}:${last_col}${layout['total']}"
        ws[f"{col}{layout['rank']}"] = (
            f'=IF({col}{layout["total"]}="","",1+COUNTIF({totals},">"&{col}{layout["total"]}))'
        )
        ws[f"{col}{layout['total']}"].number_format = "0.00"
    validation = DataValidation(
        type="list", formula1='"1,2,3,4,5"', allow_blank=True, showErrorMessage=True
    )
    validation.error, validation.errorTitle = "Enter a whole number from 1 to 5.", "Invalid rating"
    validation.prompt, validation.promptTitle = (
        "1 Does Not Meet … 5 Significantly Exceeds",
        "Rating",
    )
    ws.add_data_validation(validation)
    validation.add(f"{first_col}{first}:{last_col}{last}")
    ws.conditional_formatting.add(
        f"{first_col}{first}:{last_col}{last}",
        FormulaRule(
            formula=[f'AND($C{first}="Yes",ISNUMBER({first_col}{first}),{first_col}{first}<3)'],
            fill=KNOCKOUT_FILL,
        ),
    )
    ws.conditional_formatting.add(
        f"{first_col}{layout['knockouts']}:{last_col}{layout['knockouts']}",
        FormulaRule(
            formula=[
                f"AND(ISNUMBER({first_col}{layout['knockouts']}),{first_col}{layout['knockouts']}>0)"
            ],
            fill=KNOCKOUT_FILL,
        ),
    )
    ws.column_dimensions["A"].width = 40
    for col in range(2, FIRST_CANDIDATE_COL + MAX_CANDIDATES):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.freeze_panes = f"{first_col}{first}"


def _competency_sheet(ws, card: Scorecard) -> None:
    _header(
        ws,
        1,
        [
            "Competency",
            "Weight %",
            "Must have",
            "Aligned value",
            "Definition",
            "1 Does Not Meet",
            "2 Partially Meets",
            "3 Meets",
            "4 Exceeds",
            "5 Significantly Exceeds",
            "Evidence from the job description",
        ],
    )
    for row, c in enumerate(card.competencies, start=2):
        levels = [level.description for level in sorted(c.rubric, key=lambda lv: lv.score)]
        values = [
            c.name,
            c.weight,
            "Yes" if c.must_have else "No",
            c.value or "",
            c.description,
            *levels,
            "\n".join(c.evidence),
        ]
        for col, value in enumerate(values, start=1):
            _text_cell(ws, row, col, value)
    total_row = len(card.competencies) + 2
    ws.cell(row=total_row, column=1, value="Total").font = Font(bold=True)
    ws.cell(row=total_row, column=2, value=f"=SUM(B2:B{total_row - 1})")
    for letter, width in zip(
        "ABCDEFGHIJK", (32, 10, 10, 16, 45, 30, 30, 30, 30, 30, 50), strict=True
    ):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"


def _question_sheet(ws, card: Scorecard) -> None:
    names = {c.id: c.name for c in card.competencies}
    _header(ws, 1, ["#", "Category", "Question", "Follow-up probes", "Evaluates"])
    for row, q in enumerate(card.questions, start=2):
        values = [
            row - 1,
            CATEGORY_LABELS[q.category],
            q.text,
            "\n".join(f"• {f}" for f in q.follow_ups),
            ", ".join(names[c] for c in q.competencies),
        ]
        for col, value in enumerate(values, start=1):
            _text_cell(ws, row, col, value)
    for letter, width in zip("ABCDE", (5, 14, 60, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"


def _levels_sheet(ws, card: Scorecard) -> None:
    _header(ws, 1, ["Score", "Level", "What it means"])
    for row, level in enumerate(card.score_levels, start=2):
        ws.cell(row=row, column=1, value=level.score)
        _text_cell(ws, row, 2, level.label)
        _text_cell(ws, row, 3, level.meaning)
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 60
