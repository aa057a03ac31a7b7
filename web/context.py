"""Per-request helpers: the database session, settings and queue of the current app."""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from sqlmodel import Session


def extension() -> dict[str, Any]:
    return current_app.extensions["scorecard"]


def db() -> Session:
    """The request's database session (closed at teardown; commit explicitly)."""
    if "db" not in g:
        g.db = Session(extension()["engine"], expire_on_commit=False)
    return g.db
