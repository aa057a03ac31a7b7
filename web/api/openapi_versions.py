"""OpenAPI paths and schemas for a scorecard's versions: list, diff, restore (web/api/versions.py)."""

from __future__ import annotations

from typing import Any

from web.api.openapi_parts import ERRORS, ID, body, path_id, ref_response
from web.api.openapi_review import CONFLICT, STATE

SCHEMAS: dict[str, Any] = {
    "Diff": {
        "type": "object",
        "properties": {
            "from": {"type": "integer"},
            "to": {"type": "integer"},
            "summary": {"type": "string"},
            "changed_parts": {"type": "array", "items": {"type": "string"}},
            "changes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "part": {"type": "string"},
                        "kind": {
                            "type": "string",
                            "enum": ["added", "removed", "changed", "moved"],
                        },
                        "field": {"type": "string"},
                        "before": {},
                        "after": {},
                        "summary": {"type": "string"},
                    },
                },
            },
            "weights": {"type": "array", "items": {"type": "object"}},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/scorecards/{scorecard_id}/versions": {
        "get": {
            "summary": "Every version of this scorecard, newest first",
            "operationId": "listVersions",
            "parameters": [path_id()],
            "responses": {
                "200": {
                    "description": "Versions",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "lineage_id": {"type": "string"},
                                    "versions": {"type": "array", "items": {"type": "object"}},
                                },
                            }
                        }
                    },
                },
                **{k: ERRORS[k] for k in ("401", "404")},
            },
        }
    },
    "/api/scorecards/{scorecard_id}/diff": {
        "get": {
            "summary": "The difference between two versions, part by part",
            "operationId": "diffVersions",
            "parameters": [
                path_id(),
                {"name": "from", "in": "query", "required": True, "schema": ID},
                {"name": "to", "in": "query", "required": True, "schema": ID},
            ],
            "responses": {
                "200": ref_response("Diff", "The diff"),
                **{k: ERRORS[k] for k in ("401", "404", "422")},
            },
        }
    },
    "/api/scorecards/{scorecard_id}/restore": {
        "post": {
            "summary": "Save an old version's content as the newest version",
            "operationId": "restoreVersion",
            "parameters": [path_id()],
            "requestBody": body(
                {"type": "object", "required": ["version"], "properties": {"version": ID}}
            ),
            "responses": {
                "200": STATE,
                "409": CONFLICT,
                **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
            },
        }
    },
}
