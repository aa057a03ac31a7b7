"""OpenAPI paths and schemas for tokens, generation, reading and export (web/api/__init__.py)."""

from __future__ import annotations

from typing import Any

from generator.intake import MIN_JD_CHARS
from generator.options import GenerationOptions
from web.api.openapi_parts import ERRORS, error, path_id, path_text
from web.exports import FORMATS
from web.hardening import MAX_ID
from web.models import ScorecardStatus


def _limits(field: str) -> dict[str, Any]:
    """minimum/maximum or maxLength of one generation option, read from the pydantic model."""
    schema = GenerationOptions.model_json_schema()["properties"][field]
    keys = ("minimum", "maximum", "maxLength")
    if "anyOf" in schema:  # optional strings
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    return {k: schema[k] for k in keys if k in schema}


def _json(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


SCHEMAS: dict[str, Any] = {
    "GenerateRequest": {
        "type": "object",
        "required": ["job_description"],
        "properties": {
            "job_description": {
                "type": "string",
                "minLength": MIN_JD_CHARS,
                "maxLength": 50000,
                "description": f"The posting's text, with at least {MIN_JD_CHARS} letters",
            },
            "company": {"type": "string", **_limits("company")},
            "values": {
                "oneOf": [
                    {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 60}},
                    {"type": "string", "description": "Comma-separated"},
                ]
            },
            "competencies": {"type": "integer", **_limits("competencies")},
            "questions": {"type": "integer", **_limits("questions")},
            "minutes": {"type": "integer", **_limits("minutes")},
            "seniority": {"type": "string", **_limits("seniority")},
            "model": {"type": "string", "default": "offline"},
        },
    },
    "Job": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
            "progress": {"type": "integer"},
            "stage": {"type": "string"},
            "scorecard_id": {"type": ["integer", "null"]},
            "error": {"type": ["string", "null"]},
        },
    },
}

TOKEN_REQUEST = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
        "email": {"type": "string", "minLength": 1, "maxLength": 254},
        "password": {"type": "string", "minLength": 1},
        "name": {"type": "string", "maxLength": 80, "default": "API token"},
    },
}

LIST_PARAMETERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Title contains"},
    {
        "name": "status",
        "in": "query",
        "schema": {"type": "string", "enum": [s.value for s in ScorecardStatus]},
    },
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    },
    {
        "name": "offset",
        "in": "query",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
    },
]

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
    "description": (
        "Any unique value, e.g. a UUID. Sending the same request again with the same key "
        "(a retry after a timeout) returns the job the first one queued instead of queueing "
        "another; the same key with a different body is refused with 422."
    ),
}

PATHS: dict[str, Any] = {
    "/api/tokens": {
        "post": {
            "summary": "Create a personal API token",
            "security": [],
            "operationId": "createToken",
            "requestBody": _body(TOKEN_REQUEST),
            "responses": {
                "201": _json("Token created", {"token": {"type": "string"}}),
                "401": error("Wrong email or password"),
                "422": ERRORS["422"],
                "429": error("Too many attempts"),
            },
        }
    },
    "/api/scorecards": {
        "post": {
            "summary": "Generate a scorecard in the background",
            "operationId": "createScorecard",
            "parameters": [IDEMPOTENCY_KEY],
            "requestBody": _body({"$ref": "#/components/schemas/GenerateRequest"}),
            "responses": {
                "202": _json(
                    "Job queued (or, for a repeated Idempotency-Key, the job it first queued)",
                    {"job_id": {"type": "string"}, "status": {"type": "string"}},
                ),
                **{k: ERRORS[k] for k in ("401", "403", "413")},
                "422": error(
                    "Invalid field (`field` names it), or an Idempotency-Key already used with a "
                    "different request (`field` is idempotency_key)"
                ),
            },
        },
        "get": {
            "summary": "List scorecards visible to the caller",
            "operationId": "listScorecards",
            "parameters": LIST_PARAMETERS,
            "responses": {
                "200": _json(
                    "Scorecards",
                    {
                        "items": {"type": "array", "items": {"type": "object"}},
                        "count": {"type": "integer"},
                    },
                ),
                "401": ERRORS["401"],
                "422": ERRORS["422"],
            },
        },
    },
    "/api/jobs/{job_id}": {
        "get": {
            "summary": "A generation job's status",
            "operationId": "getJob",
            "parameters": [path_text("job_id")],
            "responses": {
                "200": {
                    "description": "Job",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Job"}}
                    },
                },
                "401": ERRORS["401"],
                "404": ERRORS["404"],
            },
        }
    },
    "/api/scorecards/{scorecard_id}": {
        "get": {
            "summary": "One scorecard (JSON schema version 1)",
            "operationId": "getScorecard",
            "parameters": [path_id()],
            "responses": {
                "200": {
                    **_json(
                        "Scorecard",
                        {
                            "id": {"type": "integer"},
                            "status": {"type": "string"},
                            "version": {"type": "integer"},
                            "scorecard": {"$ref": "#/components/schemas/Scorecard"},
                        },
                    ),
                    "headers": {
                        "ETag": {
                            "description": "Send it back as If-Match when saving an edit",
                            "schema": {"type": "string"},
                        }
                    },
                },
                "401": ERRORS["401"],
                "404": ERRORS["404"],
            },
        }
    },
    "/api/scorecards/{scorecard_id}/export": {
        "get": {
            "summary": "Download the scorecard (sent with Cache-Control: no-store)",
            "operationId": "exportScorecard",
            "parameters": [
                path_id(),
                {
                    "name": "format",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(FORMATS), "default": "json"},
                },
            ],
            "responses": {
                "200": {
                    "description": "The file, named after the role",
                    "content": {mimetype.split(";")[0]: {} for mimetype, _ in FORMATS.values()},
                },
                "401": ERRORS["401"],
                "404": ERRORS["404"],
                "422": ERRORS["422"],
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "operationId": "openapi",
            "responses": {"200": {"description": "OpenAPI 3 document"}},
        }
    },
}
