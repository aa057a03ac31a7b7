"""API routes for candidates, on the /api blueprint."""

from __future__ import annotations

from web.api import bp  # noqa: F401
