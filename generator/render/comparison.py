"""Comparison exports of a ranked panel: a recalculating workbook and a CSV.

Both are built from `rank_panel`'s result. In the workbook each competency's mean rating is a
value, and the weighted total, rated weight, knockouts and rank are live formulas with the same
rules, so editing a mean in Excel or LibreOffice re-ranks the candidates.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from generator.render.xlsx import (
    INCOMPLETE_FILL,
    KNOCKOUT_FILL,
    _header,
    _text_cell,
)
from generator.schema import Scorecard
from generator.scoring import CandidateStanding, PanelRanking, PanelRating

# The Comparison sheet: the header, the weights and must-have rows, then one row per candidate.
HEADER_ROW, WEIGHT_ROW, MUST_ROW, FIRST_ROW = 1, 2, 3, 4
LEADING = ["Rank", "Candidate", "Weighted total (1-5)", "Rated weight %", "Complete?"]
LEADING += ["Must-have knockouts", "Note"]
FIRST_MEAN_COL = len(LEADING) + 1  # H
TRAILING = ["Normalised total (z)", "Feedback in", "Feedback expected", "Recommendations"]
TRAILING += ["Disagreements"]
CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")


def comparison_xlsx(card: Scorecard, ranking: PanelRanking, ratings: list[PanelRating]) -> bytes:
    """The comparison workbook: Comparison (live totals and ranks), Ratings and Calibration sheets.

    Args:
        card: the scorecard version the candidates were rated against.
        ranking: `rank_panel`'s result for those candidates and ratings.
        ratings: the submitted ratings behind the ranking, listed one per row on the Ratings sheet.

    Returns:
        The .xlsx file's bytes.
    """
    wb = Workbook()
    _comparison_sheet(wb.active, card, ranking)
    _ratings_sheet(wb.create_sheet("Ratings"), card, ranking, ratings)
    _calibration_sheet(wb.create_sheet("Calibration"), ranking)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def comparison_layout(card: Scorecard, ranking: PanelRanking) -> dict[str, int]:
    """Rows and columns of the Comparison sheet, shared with the tests that read it back."""
    return {
        "header": HEADER_ROW,
        "weights": WEIGHT_ROW,
        "must_have": MUST_ROW,
        "first": FIRST_ROW,
        "last": FIRST_ROW + len(ranking.candidates) - 1,
        "first_mean_col": FIRST_MEAN_COL,
        "last_mean_col": FIRST_MEAN_COL + len(card.competencies) - 1,
        "first_trailing_col": FIRST_MEAN_COL + len(card.competencies),
    }


def _comparison_sheet(ws, card: Scorecard, ranking: PanelRanking) -> None:
    ws.title = "Comparison"
    layout = comparison_layout(card, ranking)
    names = {c.id: c.name for c in card.competencies}
    _header(ws, HEADER_ROW, LEADING + [c.name for c in card.competencies] + TRAILING)
    _text_cell(ws, WEIGHT_ROW, 2, "Weight %").font = Font(bold=True)
    _text_cell(ws, MUST_ROW, 2, "Must have").font = Font(bold=True)
    for offset, c in enumerate(card.competencies):
        ws.cell(row=WEIGHT_ROW, column=FIRST_MEAN_COL + offset, value=c.weight)
        ws.cell(row=MUST_ROW, column=FIRST_MEAN_COL + offset, value="Yes" if c.must_have else "No")
    for row, standing in enumerate(ranking.candidates, start=FIRST_ROW):
        _text_cell(ws, row, 2, standing.name)
        for col, formula in _row_formulas(row, layout, len(card.competencies)).items():
            ws.cell(row=row, column=col, value=formula)
        ws.cell(row=row, column=3).number_format = "0.00"
        for offset, c in enumerate(card.competencies):
            mean = standing.competencies[c.id].mean
            ws.cell(row=row, column=FIRST_MEAN_COL + offset, value=mean).number_format = "0.00"
        for offset, value in enumerate(_trailing(standing, names)):
            _text_cell(ws, row, layout["first_trailing_col"] + offset, value)
    _comparison_rules(ws, layout)
    ws.column_dimensions["B"].width = 28
    for col in range(3, layout["first_trailing_col"] + len(TRAILING)):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{MUST_ROW}"
    # "&" starts a code in print headers ("&D" prints the date); "&&" prints an ampersand.
    ws.oddHeader.center.text = f"{card.role.title}: candidate comparison".replace("&", "&&")
    _landscape(ws)


def _row_formulas(row: int, layout: dict[str, int], competencies: int) -> dict[int, str]:
    """One candidate row's live formulas, by column; the same rules as rank_panel."""
    first_mean = get_column_letter(layout["first_mean_col"])
    last_mean = get_column_letter(layout["last_mean_col"])
    means = f"{first_mean}{row}:{last_mean}{row}"
    weights = f"${first_mean}${WEIGHT_ROW}:${last_mean}${WEIGHT_ROW}"
    must = f"${first_mean}${MUST_ROW}:${last_mean}${MUST_ROW}"
    last = max(layout["last"], FIRST_ROW)
    totals, knockouts = f"$C${FIRST_ROW}:$C${last}", f"$F${FIRST_ROW}:$F${last}"
    total, rated, complete, knocked = f"C{row}", f"D{row}", f"E{row}", f"F{row}"  # see LEADING
    products = "+".join(
        f"{letter}${WEIGHT_ROW}*{letter}{row}"
        for letter in map(
            get_column_letter, range(layout["first_mean_col"], layout["last_mean_col"] + 1)
        )
    )
    return {
        1: (
            f'=IF({total}="","",IF({knocked}>0,'
            f'COUNTIFS({knockouts},0)+1+COUNTIFS({totals},">"&{total},{knockouts},">0"),'
            f'1+COUNTIFS({totals},">"&{total},{knockouts},0)))'
        ),
        # Σ weight × mean is a whole number of hundredths: rounding it to one first keeps binary
        # floating point from tipping a total that ends in 5 the wrong way. The products are
        # spelt out because pycel (the tests' evaluator) cannot ROUND a SUMPRODUCT of decimals.
        3: f'=IF({rated}="","",ROUND(ROUND(({products})*100,0)/{rated},0)/100)',
        4: f'=IF(COUNTIF({means},">0")=0,"",SUMIF({means},">0",{weights}))',
        5: f'=IF({rated}="","",IF(COUNTIF({means},">0")={competencies},"Yes","No"))',
        6: f'=IF({rated}="","",COUNTIFS({must},"Yes",{means},"<=2"))',
        7: (
            f'=IF({rated}="","",IF({knocked}>0,'
            f'IF({complete}="No","Knocked out; incomplete","Knocked out"),'
            f'IF({complete}="No","Incomplete","")))'
        ),
    }


def _trailing(standing: CandidateStanding, names: dict[str, str]) -> list[object]:
    recommendations = "; ".join(f"{who}: {what}" for who, what in standing.recommendations.items())
    return [
        standing.normalised_total,
        standing.feedback_submitted,
        standing.feedback_expected,
        recommendations,
        ", ".join(names[cid] for cid in standing.disagreements),
    ]


def _comparison_rules(ws, layout: dict[str, int]) -> None:
    """Knocked-out rows and low must-have means in red, incomplete rows in amber."""
    first, last = layout["first"], max(layout["last"], layout["first"])
    first_mean = get_column_letter(layout["first_mean_col"])
    last_mean = get_column_letter(layout["last_mean_col"])
    leading = f"A{first}:G{last}"
    ws.conditional_formatting.add(
        leading,
        FormulaRule(formula=[f"AND(ISNUMBER($F{first}),$F{first}>0)"], fill=KNOCKOUT_FILL),
    )
    ws.conditional_formatting.add(
        leading, FormulaRule(formula=[f'$E{first}="No"'], fill=INCOMPLETE_FILL)
    )
    ws.conditional_formatting.add(
        f"{first_mean}{first}:{last_mean}{last}",
        FormulaRule(
            formula=[
                f'AND({first_mean}${MUST_ROW}="Yes",ISNUMBER({first_mean}{first}),'
                f"{first_mean}{first}<=2)"
            ],
            fill=KNOCKOUT_FILL,
        ),
    )


def _ratings_sheet(ws, card: Scorecard, ranking: PanelRanking, ratings: list[PanelRating]) -> None:
    """Every individual rating, candidates in rank order; text is never read as a formula."""
    ws.title = "Ratings"
    names = {c.id: c.name for c in card.competencies}
    order = {c.id: n for n, c in enumerate(card.competencies)}
    candidates = {s.candidate_id: (n, s.name) for n, s in enumerate(ranking.candidates)}
    _header(ws, 1, ["Candidate", "Interviewer", "Competency", "Score", "Evidence"])
    listed = sorted(
        (r for r in ratings if r.candidate_id in candidates),
        key=lambda r: (candidates[r.candidate_id][0], order.get(r.competency_id, 0), r.interviewer),
    )
    for row, rating in enumerate(listed, start=2):
        values = [
            candidates[rating.candidate_id][1],
            rating.interviewer,
            names.get(rating.competency_id, rating.competency_id),
            rating.score,
            rating.evidence,
        ]
        for col, value in enumerate(values, start=1):
            _text_cell(ws, row, col, value)
    for letter, width in zip("ABCDE", (28, 24, 32, 8, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _landscape(ws)


def _calibration_sheet(ws, ranking: PanelRanking) -> None:
    """Each interviewer's ratings given, mean, spread and lean against the rest of the panel."""
    _header(
        ws,
        1,
        ["Interviewer", "Ratings given", "Candidates", "Mean rating", "SD", "Lean vs panel"],
    )
    for row, c in enumerate(ranking.calibration, start=2):
        for col, value in enumerate(
            [c.interviewer, c.count, c.candidates, c.mean, c.sd, c.lean], start=1
        ):
            _text_cell(ws, row, col, value)
    note = len(ranking.calibration) + 3
    _text_cell(
        ws,
        note,
        1,
        "Lean: the interviewer's average distance from the panel's mean rating on the same "
        "candidate and competency (only where two or more interviewers rated it). Positive rates "
        "higher than the panel, negative lower.",
    )
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=6)
    ws.row_dimensions[note].height = 45
    ws.column_dimensions["A"].width = 28
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 14
    ws.print_title_rows = "1:1"
    _landscape(ws)


def _landscape(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def comparison_csv(card: Scorecard, ranking: PanelRanking) -> str:
    """One row per candidate in rank order, safe to open in a spreadsheet (no formula injection).

    Columns: rank, name, weighted_total, rated_weight, complete, knocked_out, knockouts,
    disagreements (competency names, "; "-separated), feedback_submitted, feedback_expected, then
    each competency's mean rating under its name.
    """
    names = {c.id: c.name for c in card.competencies}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
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
            *(_csv_safe(c.name) for c in card.competencies),
        ]
    )
    for s in ranking.candidates:
        means = [s.competencies[c.id].mean for c in card.competencies]
        writer.writerow(
            [
                "" if s.rank is None else s.rank,
                _csv_safe(s.name),
                _two_places(s.weighted_total),
                s.rated_weight,
                "yes" if s.complete else "no",
                "yes" if s.knocked_out else "no",
                _csv_safe("; ".join(names[cid] for cid in s.knockouts)),
                _csv_safe("; ".join(names[cid] for cid in s.disagreements)),
                s.feedback_submitted,
                s.feedback_expected,
                *(_two_places(mean) for mean in means),
            ]
        )
    return buffer.getvalue()


def _two_places(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _csv_safe(text: str) -> str:
    """Text a spreadsheet will show as text: a leading = + - @ (or tab, CR) gets a quote first."""
    return "'" + text if text.startswith(CSV_INJECTION) else text
