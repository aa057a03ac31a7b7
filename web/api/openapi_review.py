"""OpenAPI paths and schemas for the review routes (merged into /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from web.api.openapi_parts import ERRORS, path_id, path_text
from web.api.openapi_parts import body as _body
from web.api.openapi_parts import error as _error
from web.api.openapi_parts import ref_response as _json
from web.models import ScorecardStatus
from web.review.actions import PART_KINDS

ETAG = {"ETag": {"description": "The version's entity tag", "schema": {"type": "string"}}}
STATE = {**_json("VersionState", "The version's id, status and number"), "headers": ETAG}
CONFLICT = _error("The version moved on, or the step is not allowed in this state")

SCHEMAS: dict[str, Any] = {
    "VersionState": {
        "type": "object",
        "required": ["id", "status", "version"],
        "properties": {
            "id": {"type": "integer", "description": "The id to use from then on"},
            "status": {
                "type": "string",
                "enum": [s.value for s in ScorecardStatus],
            },
            "version": {"type": "integer"},
        },
    },
    "SavedVersion": {
        "allOf": [
            {"$ref": "#/components/schemas/VersionState"},
            {
                "type": "object",
                "properties": {"scorecard": {"$ref": "#/components/schemas/Scorecard"}},
            },
        ]
    },
    "Finding": {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "location": {"type": "string", "description": "Dotted path into the scorecard JSON"},
            "part": {"type": "string"},
            "topic": {"type": "string"},
            "label": {"type": "string"},
            "excerpt": {"type": "string"},
            "reason": {"type": "string"},
            "suggestion": {"type": "string"},
            "overridden": {"type": "boolean"},
            "override_reason": {"type": ["string", "null"]},
        },
    },
    "Regeneration": {
        "type": "object",
        "properties": {
            "job_id": {"type": "string"},
            "scorecard_id": {"type": "integer"},
            "part": {"type": "string"},
            "instruction": {"type": "string"},
            "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
            "progress": {"type": "integer"},
            "error": {"type": ["string", "null"]},
            "decision": {"type": ["string", "null"], "enum": ["accepted", "discarded", None]},
            "proposal": {"oneOf": [{"$ref": "#/components/schemas/Scorecard"}, {"type": "null"}]},
            "diff": {"oneOf": [{"$ref": "#/components/schemas/Diff"}, {"type": "null"}]},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/scorecards/{scorecard_id}/regenerate": {
        "post": {
            "summary": "Rewrite one part in the background; the result is a proposal",
            "operationId": "regeneratePart",
            "parameters": [path_id()],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["part"],
                    "properties": {
                        "part": {
                            "type": "string",
                            "pattern": f"^({'|'.join(PART_KINDS)}|competency:.+)$",
                            "description": "competency:<id>, questions or case_study",
                        },
                        "instruction": {"type": "string", "maxLength": 500},
                        "model": {"type": "string"},
                    },
                }
            ),
            "responses": {
                "202": {
                    "description": "Queued; poll /api/regenerations/{job_id}",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "job_id": {"type": "string"},
                                    "status": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
            },
        }
    },
    "/api/regenerations/{job_id}": {
        "get": {
            "summary": "A regeneration's status, proposal and diff",
            "operationId": "getRegeneration",
            "parameters": [path_text("job_id")],
            "responses": {
                "200": _json("Regeneration", "The regeneration"),
                **{k: ERRORS[k] for k in ("401", "404")},
            },
        }
    },
    "/api/regenerations/{job_id}/{decision}": {
        "post": {
            "summary": "Accept the proposal as a new version, or discard it",
            "operationId": "decideRegeneration",
            "parameters": [
                path_text("job_id"),
                {
                    "name": "decision",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": ["accept", "discard"]},
                },
            ],
            "responses": {
                "200": STATE,
                "409": CONFLICT,
                **{k: ERRORS[k] for k in ("401", "403", "404")},
            },
        }
    },
    **{
        f"/api/scorecards/{{scorecard_id}}/{step}": {
            "post": {
                "summary": summary,
                "operationId": operation,
                "parameters": [path_id()],
                **(
                    {
                        "requestBody": _body(
                            {
                                "type": "object",
                                "required": ["comment"],
                                "properties": {"comment": {"type": "string", "minLength": 1}},
                            }
                        )
                    }
                    if step == "request-changes"
                    else {}
                ),
                "responses": {
                    "200": STATE,
                    "409": _error(
                        "Not allowed in this state"
                        + (
                            "; `findings` lists open fair-interview findings"
                            if step == "approve"
                            else ""
                        )
                    ),
                    **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
                },
            }
        }
        for step, summary, operation in (
            ("submit", "Send the latest draft for review", "submitForReview"),
            (
                "approve",
                "Approve this version (blocked by open fair-interview findings)",
                "approve",
            ),
            (
                "request-changes",
                "Return a version in review to draft with a comment",
                "requestChanges",
            ),
        )
    },
    "/api/scorecards/{scorecard_id}/findings": {
        "get": {
            "summary": "Fair-interview findings on this version",
            "operationId": "listFindings",
            "parameters": [path_id()],
            "responses": {
                "200": {
                    "description": "Findings",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "findings": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Finding"},
                                    }
                                },
                            }
                        }
                    },
                },
                **{k: ERRORS[k] for k in ("401", "404")},
            },
        }
    },
    "/api/scorecards/{scorecard_id}/findings/{key}/override": {
        "post": {
            "summary": "Keep a flagged text on purpose, with a reason (audited)",
            "operationId": "overrideFinding",
            "parameters": [path_id(), path_text("key")],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {"reason": {"type": "string", "minLength": 10}},
                }
            ),
            "responses": {
                "200": {"description": "The findings after the override"},
                **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
            },
        }
    },
}

# PUT on the scorecard itself joins the GET of openapi_core in one path item.
PUT_SCORECARD: dict[str, Any] = {
    "summary": "Save an edited scorecard as a new version (optimistic locking with If-Match)",
    "operationId": "updateScorecard",
    "parameters": [
        path_id(),
        {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": "The ETag from GET of the latest version",
        },
    ],
    "requestBody": _body({"$ref": "#/components/schemas/Scorecard"}),
    "responses": {
        "200": {
            **_json("SavedVersion", "The new version; use its id from then on"),
            "headers": ETAG,
        },
        "409": _error("Someone saved a newer version at the same moment; `head` names it"),
        "412": _error("If-Match is stale: `head` names the newer version and who saved it"),
        "428": _error("If-Match is missing"),
        **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
    },
}
PATHS["/api/scorecards/{scorecard_id}"] = {"put": PUT_SCORECARD}
