"""OpenAPI paths and schemas for the review routes (merged into /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from web.api.openapi import ERRORS, _error  # noqa: F401

PATHS: dict[str, Any] = {}
SCHEMAS: dict[str, Any] = {}
