"""Pieces every part of the OpenAPI document uses: error responses, path ids, JSON bodies."""

from __future__ import annotations

from typing import Any

from web.hardening import MAX_ID


def error(description: str) -> dict[str, Any]:
    """A response whose body is the common Error object."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": error("Malformed request: invalid JSON, nested too deeply, or a control character"),
    "401": error("Missing or invalid bearer token"),
    "403": error("The caller's role may not do this"),
    "404": error("Not found, or not visible to the caller"),
    "413": error("Request body too large"),
    "414": error("Request address too long"),
    "422": error("Invalid field; `field` names it"),
}

# Ids are PostgreSQL integers; a larger one in a path matches no route (404).
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def path_id(name: str = "scorecard_id") -> dict[str, Any]:
    """A numeric id in the path."""
    return {"name": name, "in": "path", "required": True, "schema": ID}


def path_text(name: str) -> dict[str, Any]:
    """A text segment of the path (job ids, finding keys)."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def ref_response(ref: str, description: str) -> dict[str, Any]:
    """A JSON response whose body is one of the document's schemas."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def body(schema: dict[str, Any]) -> dict[str, Any]:
    """A required JSON request body."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}
