"""Candidates and scoring: panels, interviewers' feedback, comparison, calibration and exports.

Pages are split by who uses them: `pages` (lists, a candidate), `scoring` (the interviewer's form
and kit), `comparison` (the hiring team's comparison, decision, exports and the workbook round trip).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("candidates", __name__)

from web.candidates import comparison, pages, scoring  # noqa: E402,F401
