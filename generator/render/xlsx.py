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

from generator.errors import InputError
from generator.render.markdown import CATEGORY_LABELS
from generator.schema import Scorecard

MAX_CANDIDATES = 10
HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
KNOCKOUT_FILL = PatternFill("solid", fgColor="F8CBAD")
INCOMPLETE_FILL = PatternFill("solid", fgColor="FFE699")
MARKED = Font(bold=True, color="000000")  # legible on either highlight, in the header too
WRAP = Alignment(wrap_text=True, vertical="top")
SCORING_SHEET = "Scoring"
HEADER_ROW = 2
FIRST_RATING_ROW = 3
FIRST_CANDIDATE_COL = 4  # D
ID_COL = FIRST_CANDIDATE_COL + MAX_CANDIDATES  # N: the competency ids, hidden
ID_HEADER = "Competency id"
SUMMARY_ROWS = {  # layout key -> label, in sheet order below the ratings
    "total": "Weighted total (1-5, rated competencies)",
    "rated_weight": "Rated weight %",
    "complete": "Complete?",
    "knockouts": "Must-have knockouts (rated 2 or lower)",
    "rank": "Rank (a knockout ranks below everyone without one)",
    "status": "Note",
}


def scoring_layout(scorecard: Scorecard) -> dict[str, int]:
    """Row numbers of the scoring sheet's parts, shared with the tests and the upload reader."""
    last = FIRST_RATING_ROW + len(scorecard.competencies) - 1
    layout = {"header": HEADER_ROW, "first": FIRST_RATING_ROW, "last": last}
    layout.update({key: last + n for n, key in enumerate(SUMMARY_ROWS, start=1)})
    return layout


def to_xlsx(scorecard: Scorecard, candidates: list[str] | None = None) -> bytes:
    """Build the workbook and return its bytes.

    Args:
        scorecard: the scorecard to lay out.
        candidates: names for the candidate columns of the scoring sheet, in order; columns
            without a name keep "Candidate N".

    Raises:
        InputError: more candidates than the scoring sheet's MAX_CANDIDATES columns.
    """
    names = list(candidates or [])
    if len(names) > MAX_CANDIDATES:
        raise InputError(
            f"The scoring sheet has room for {MAX_CANDIDATES} candidates and {len(names)} were "
            "given; export the comparison workbook for a larger panel."
        )
    wb = Workbook()
    _scoring_sheet(wb.active, scorecard, names)
    _competency_sheet(wb.create_sheet("Competencies"), scorecard)
    _question_sheet(wb.create_sheet("Question Bank"), scorecard)
    _levels_sheet(wb.create_sheet("Score Levels"), scorecard)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _print_setup(ws, *, header_row: int = 1, landscape: bool = False) -> None:
    """Print as people expect: fit to the page width, header row repeated on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&A, page &P of &N"


def _text_cell(ws, row: int, col: int, value: object):
    """Write a value; text is always stored as text, so JD or model text is never run as a formula."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.alignment = WRAP
    return cell


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = _text_cell(ws, row, col, title)
        cell.font, cell.fill = HEADER, HEADER_FILL


def _scoring_sheet(ws, card: Scorecard, names: list[str]) -> None:
    ws.title = SCORING_SHEET
    layout = scoring_layout(card)
    first = layout["first"]
    _text_cell(
        ws,
        1,
        1,
        f"{card.role.title}: candidate scoring (enter ratings 1-5; totals and ranks update automatically)",
    )
    ws["A1"].font = Font(bold=True, size=13)
    headers = names + [f"Candidate {i}" for i in range(len(names) + 1, MAX_CANDIDATES + 1)]
    _header(ws, HEADER_ROW, ["Competency", "Weight %", "Must have", *headers, ID_HEADER])
    for offset, c in enumerate(card.competencies):
        row = first + offset
        _text_cell(ws, row, 1, c.name)
        ws.cell(row=row, column=2, value=c.weight)
        ws.cell(row=row, column=3, value="Yes" if c.must_have else "No")
        _text_cell(ws, row, ID_COL, c.id)
    for key, label in SUMMARY_ROWS.items():
        ws.cell(row=layout[key], column=1, value=label).font = Font(bold=True)
    for i in range(MAX_CANDIDATES):
        col = get_column_letter(FIRST_CANDIDATE_COL + i)
        for key, formula in _summary_formulas(col, layout, len(card.competencies)).items():
            ws[f"{col}{layout[key]}"] = formula
        ws[f"{col}{layout['total']}"].number_format = "0.00"
    _scoring_rules(ws, layout)
    ws.column_dimensions["A"].width = 40
    for col in range(2, FIRST_CANDIDATE_COL + MAX_CANDIDATES):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.column_dimensions[get_column_letter(ID_COL)].hidden = True
    ws.freeze_panes = f"{get_column_letter(FIRST_CANDIDATE_COL)}{first}"
    _print_setup(ws, header_row=HEADER_ROW, landscape=True)


def _summary_formulas(col: str, layout: dict[str, int], competencies: int) -> dict[str, str]:
    """One candidate column's live formulas; the same rules as generator.panel.rank_panel."""
    first, last = layout["first"], layout["last"]
    first_col = get_column_letter(FIRST_CANDIDATE_COL)
    last_col = get_column_letter(FIRST_CANDIDATE_COL + MAX_CANDIDATES - 1)
    ratings, weights, must = (
        f"{col}{first}:{col}{last}",
        f"$B${first}:$B${last}",
        f"$C${first}:$C${last}",
    )
    rated, total, complete, knocked = (
        f"{col}{layout[key]}" for key in ("rated_weight", "total", "complete", "knockouts")
    )
    totals = f"${first_col}${layout['total']}:${last_col}${layout['total']}"
    knockouts = f"${first_col}${layout['knockouts']}:${last_col}${layout['knockouts']}"
    return {
        "rated_weight": f'=IF(COUNTIF({ratings},">0")=0,"",SUMIF({ratings},">0",{weights}))',
        "total": f'=IF({rated}="","",ROUND(SUMPRODUCT({weights},{ratings})/{rated},2))',
        "complete": f'=IF({rated}="","",IF(COUNTIF({ratings},">0")={competencies},"Yes","No"))',
        "knockouts": f'=IF({rated}="","",COUNTIFS({must},"Yes",{ratings},"<=2"))',
        # Candidates without a knockout first, by total; then knocked-out ones, by total.
        "rank": (
            f'=IF({total}="","",IF({knocked}>0,'
            f'COUNTIFS({knockouts},0)+1+COUNTIFS({totals},">"&{total},{knockouts},">0"),'
            f'1+COUNTIFS({totals},">"&{total},{knockouts},0)))'
        ),
        "status": (
            f'=IF({rated}="","",IF({knocked}>0,'
            f'IF({complete}="No","Knocked out; incomplete","Knocked out"),'
            f'IF({complete}="No","Incomplete","")))'
        ),
    }


def _scoring_rules(ws, layout: dict[str, int]) -> None:
    """Dropdowns for the ratings; knockouts in red, partly rated columns in amber."""
    first, last = layout["first"], layout["last"]
    first_col = get_column_letter(FIRST_CANDIDATE_COL)
    last_col = get_column_letter(FIRST_CANDIDATE_COL + MAX_CANDIDATES - 1)
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
    knocked = f"{first_col}${layout['knockouts']}"
    incomplete = f'{first_col}${layout["complete"]}="No"'
    ratings = f"{first_col}{first}:{last_col}{last}"
    summary = f"{first_col}{layout['total']}:{last_col}{layout['status']}"
    header = f"{first_col}{HEADER_ROW}:{last_col}{HEADER_ROW}"
    ws.conditional_formatting.add(
        ratings,
        FormulaRule(
            formula=[f'AND($C{first}="Yes",ISNUMBER({first_col}{first}),{first_col}{first}<=2)'],
            fill=KNOCKOUT_FILL,
        ),
    )
    # In a partly rated column, the ratings still missing.
    ws.conditional_formatting.add(
        ratings,
        FormulaRule(
            formula=[f"AND({incomplete},ISBLANK({first_col}{first}))"], fill=INCOMPLETE_FILL
        ),
    )
    for cells in (header, summary):
        ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f"AND(ISNUMBER({knocked}),{knocked}>0)"],
                fill=KNOCKOUT_FILL,
                font=MARKED,
                stopIfTrue=True,
            ),
        )
        ws.conditional_formatting.add(
            cells, FormulaRule(formula=[incomplete], fill=INCOMPLETE_FILL, font=MARKED)
        )


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
    _print_setup(ws, landscape=True)


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
    _print_setup(ws, landscape=True)


def _levels_sheet(ws, card: Scorecard) -> None:
    _header(ws, 1, ["Score", "Level", "What it means"])
    for row, level in enumerate(card.score_levels, start=2):
        ws.cell(row=row, column=1, value=level.score)
        _text_cell(ws, row, 2, level.label)
        _text_cell(ws, row, 3, level.meaning)
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 60
    _print_setup(ws)
