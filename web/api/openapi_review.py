"""OpenAPI paths and schemas for the review routes (merged into /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from web.api.openapi import ERRORS, _error


def _id(name: str = "scorecard_id", kind: str = "integer") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


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
                "enum": ["draft", "in_review", "approved", "superseded", "archived"],
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
            "parameters": [_id()],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["part"],
                    "properties": {
                        "part": {
                            "type": "string",
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
            "parameters": [_id("job_id", "string")],
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
                _id("job_id", "string"),
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
                "parameters": [_id()],
                **(
                    {
                        "requestBody": _body(
                            {
                                "type": "object",
                                "required": ["comment"],
                                "properties": {"comment": {"type": "string"}},
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
    "/api/scorecards/{scorecard_id}/restore": {
        "post": {
            "summary": "Save an old version's content as the newest version",
            "operationId": "restoreVersion",
            "parameters": [_id()],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["version"],
                    "properties": {"version": {"type": "integer"}},
                }
            ),
            "responses": {
                "200": STATE,
                "409": CONFLICT,
                **{k: ERRORS[k] for k in ("401", "403", "404", "422")},
            },
        }
    },
    "/api/scorecards/{scorecard_id}/findings": {
        "get": {
            "summary": "Fair-interview findings on this version",
            "operationId": "listFindings",
            "parameters": [_id()],
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
            "parameters": [_id(), _id("key", "string")],
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
    "/api/scorecards/{scorecard_id}/versions": {
        "get": {
            "summary": "Every version of this scorecard, newest first",
            "operationId": "listVersions",
            "parameters": [_id()],
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
                _id(),
                {"name": "from", "in": "query", "required": True, "schema": {"type": "integer"}},
                {"name": "to", "in": "query", "required": True, "schema": {"type": "integer"}},
            ],
            "responses": {
                "200": _json("Diff", "The diff"),
                **{k: ERRORS[k] for k in ("401", "404", "422")},
            },
        }
    },
}

# PUT on the scorecard itself is merged into the core document's path item.
PUT_SCORECARD: dict[str, Any] = {
    "summary": "Save an edited scorecard as a new version (optimistic locking with If-Match)",
    "operationId": "updateScorecard",
    "parameters": [
        _id(),
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
