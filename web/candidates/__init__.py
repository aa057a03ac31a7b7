"""Candidates and scoring: panels, interviewers' feedback, comparison, calibration and exports."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("candidates", __name__)
