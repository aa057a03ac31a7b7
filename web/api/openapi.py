"""The OpenAPI 3 document for /api, written by hand next to the routes it describes.

Its parts live beside their routes: openapi_core (tokens, generation, reading, export),
openapi_review, openapi_versions and openapi_candidates.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from generator.schema import Scorecard
from web.api.openapi_parts import ERRORS

# Any operation may meet the request guard (web.hardening) or the body limit.
COMMON_RESPONSES = ("400", "413", "414")


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole document: every operation, its parameters, bodies and error responses."""
    import web.api.openapi_candidates
    import web.api.openapi_core
    import web.api.openapi_review
    import web.api.openapi_versions

    scorecard_schema = Scorecard.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = scorecard_schema.pop("$defs", {})
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Scorecard API",
            "version": "1",
            "description": "Generate, read and export interview scorecards.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {**defs, "Scorecard": scorecard_schema, "Error": ERROR_SCHEMA},
        },
        "security": [{"bearer": []}],
        "paths": {},
    }
    for part in (
        web.api.openapi_core,
        web.api.openapi_review,
        web.api.openapi_versions,
        web.api.openapi_candidates,
    ):
        for path, item in part.PATHS.items():
            document["paths"].setdefault(path, {}).update(item)
        document["components"]["schemas"].update(part.SCHEMAS)
    for item in document["paths"].values():
        for operation in item.values():
            for code in COMMON_RESPONSES:
                operation["responses"].setdefault(code, ERRORS[code])
    return document


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string", "description": "One sentence saying what to do"},
        "status": {"type": "integer"},
        "request_id": {"type": "string"},
        "field": {"type": "string", "description": "The field, parameter or path part at fault"},
    },
}
