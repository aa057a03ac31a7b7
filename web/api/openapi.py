"""The OpenAPI 3 document for /api, written by hand next to the routes it describes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from generator.schema import Scorecard


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "401": _error("Missing or invalid bearer token"),
    "403": _error("The caller's role may not do this"),
    "404": _error("Not found, or not visible to the caller"),
    "413": _error("Request body too large"),
    "422": _error("Invalid field; `field` names it"),
}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole document: the core operations plus review's and candidates' (own modules)."""
    from web.api.openapi_candidates import PATHS as candidate_paths
    from web.api.openapi_candidates import SCHEMAS as candidate_schemas
    from web.api.openapi_review import PATHS as review_paths
    from web.api.openapi_review import PUT_SCORECARD
    from web.api.openapi_review import SCHEMAS as review_schemas

    document = _core_document()
    document["paths"]["/api/scorecards/{scorecard_id}"]["put"] = PUT_SCORECARD
    document["paths"]["/api/scorecards/{scorecard_id}"]["get"]["responses"]["200"]["headers"] = {
        "ETag": {
            "description": "Send it back as If-Match when saving an edit",
            "schema": {"type": "string"},
        }
    }
    document["paths"].update(review_paths)
    document["paths"].update(candidate_paths)
    document["components"]["schemas"].update(review_schemas)
    document["components"]["schemas"].update(candidate_schemas)
    return document


def _core_document() -> dict[str, Any]:
    """Generation, reading and export (the scorecard schema comes from the pydantic models)."""
    scorecard_schema = Scorecard.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = scorecard_schema.pop("$defs", {})
    id_param = {
        "name": "scorecard_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Scorecard API",
            "version": "1",
            "description": "Generate, read and export interview scorecards.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                **defs,
                "Scorecard": scorecard_schema,
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                        "request_id": {"type": "string"},
                        "field": {"type": "string"},
                    },
                },
                "GenerateRequest": {
                    "type": "object",
                    "required": ["job_description"],
                    "properties": {
                        "job_description": {"type": "string", "maxLength": 50000},
                        "company": {"type": "string"},
                        "values": {"type": "array", "items": {"type": "string"}},
                        "competencies": {"type": "integer", "minimum": 5, "maximum": 10},
                        "questions": {"type": "integer", "minimum": 10, "maximum": 40},
                        "minutes": {"type": "integer", "minimum": 30, "maximum": 480},
                        "seniority": {"type": "string"},
                        "model": {"type": "string"},
                    },
                },
                "Job": {
                    "type": "object",
                    "properties": {
                        "status": {
                            "type": "string",
                            "enum": ["queued", "running", "succeeded", "failed"],
                        },
                        "progress": {"type": "integer"},
                        "stage": {"type": "string"},
                        "scorecard_id": {"type": ["integer", "null"]},
                        "error": {"type": ["string", "null"]},
                    },
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/tokens": {
                "post": {
                    "summary": "Create a personal API token",
                    "security": [],
                    "operationId": "createToken",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["email", "password"],
                                    "properties": {
                                        "email": {"type": "string"},
                                        "password": {"type": "string"},
                                        "name": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Token created",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"token": {"type": "string"}},
                                    }
                                }
                            },
                        },
                        "401": _error("Wrong email or password"),
                        "422": ERRORS["422"],
                        "429": _error("Too many attempts"),
                    },
                }
            },
            "/api/scorecards": {
                "post": {
                    "summary": "Generate a scorecard in the background",
                    "operationId": "createScorecard",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/GenerateRequest"}
                            }
                        },
                    },
                    "responses": {
                        "202": {
                            "description": "Job queued",
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
                        **{k: ERRORS[k] for k in ("401", "403", "413", "422")},
                    },
                },
                "get": {
                    "summary": "List scorecards visible to the caller",
                    "operationId": "listScorecards",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["draft", "approved"]},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "default": 50},
                        },
                        {
                            "name": "offset",
                            "in": "query",
                            "schema": {"type": "integer", "default": 0},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "Scorecards",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "items": {"type": "array", "items": {"type": "object"}},
                                            "count": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "401": ERRORS["401"],
                        "422": ERRORS["422"],
                    },
                },
            },
            "/api/jobs/{job_id}": {
                "get": {
                    "summary": "A generation job's status",
                    "operationId": "getJob",
                    "parameters": [
                        {
                            "name": "job_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
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
                    "parameters": [id_param],
                    "responses": {
                        "200": {
                            "description": "Scorecard",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "status": {"type": "string"},
                                            "version": {"type": "integer"},
                                            "scorecard": {"$ref": "#/components/schemas/Scorecard"},
                                        },
                                    }
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
                    "summary": "Download the scorecard",
                    "operationId": "exportScorecard",
                    "parameters": [
                        id_param,
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": ["markdown", "json", "xlsx", "pdf"],
                                "default": "json",
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The file, named after the role",
                            "content": {
                                "text/markdown": {},
                                "application/json": {},
                                "application/pdf": {},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                            },
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
        },
    }
