"""Hiring managers' review: edit, regenerate a part, versions and diffs, comments, approval."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__)

# Routes live in their own modules, registered on this blueprint.
from web.review import edit as _edit  # noqa: E402,F401
from web.review import pages as _pages  # noqa: E402,F401
from web.review import regenerate as _regenerate  # noqa: E402,F401
