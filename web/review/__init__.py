"""Hiring managers' review: edit, regenerate a part, versions and diffs, comments, approval."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__)
