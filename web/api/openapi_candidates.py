"""OpenAPI paths and schemas for the candidates routes (merged into /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from web.api.openapi_parts import ERRORS, path_id
from web.api.openapi_parts import error as _error
from web.candidates.inputs import MAX_EVIDENCE, MAX_NOTES
from web.store.feedback import MIN_EVIDENCE


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SCORECARD, CANDIDATE = path_id("scorecard_id"), path_id("candidate_id")
VALIDATION = _error(
    "Invalid input, nothing saved; `field` names the first problem, `errors` lists every one"
)
LOCKED = _error("The feedback is submitted, or the scorecard's scoring is closed")
RECOMMENDATION = {"type": "string", "enum": ["strong_no", "no", "yes", "strong_yes"]}

SCHEMAS: dict[str, Any] = {
    "NewCandidate": {
        "type": "object",
        "required": ["name", "interviewers"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "interviewers": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "format": "email"},
            },
            "focus": {
                "type": "object",
                "description": "Interviewer email to the competency ids they focus on; none: all",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "Candidate": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": ["string", "null"]},
            "stage": {"type": "string"},
            "scorecard_id": {"type": "integer"},
            "scorecard_version": {"type": "integer"},
            "interviewers": {"type": "array", "items": {"type": "string"}},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "RatingInput": {
        "type": "object",
        "required": ["competency_id", "score", "evidence"],
        "properties": {
            "competency_id": {"type": "string"},
            "score": {"type": "integer", "minimum": 1, "maximum": 5},
            "evidence": {
                "type": "string",
                "minLength": MIN_EVIDENCE,
                "maxLength": MAX_EVIDENCE,
                "description": "What the candidate said or did",
            },
        },
    },
    "FeedbackInput": {
        "type": "object",
        "required": ["recommendation", "ratings"],
        "properties": {
            "recommendation": RECOMMENDATION,
            "ratings": {"type": "array", "items": _ref("RatingInput")},
            "notes": {"type": "string", "maxLength": MAX_NOTES},
            "question_notes": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Feedback": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "candidate_id": {"type": "integer"},
            "interviewer": {"type": "string"},
            "status": {"type": "string", "enum": ["draft", "submitted"]},
            "recommendation": {"anyOf": [RECOMMENDATION, {"type": "null"}]},
            "notes": {"type": "string"},
            "question_notes": {"type": "object", "additionalProperties": {"type": "string"}},
            "ratings": {"type": "array", "items": _ref("RatingInput")},
            "updated_at": {"type": "string", "format": "date-time"},
            "submitted_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "CandidateStanding": {
        "type": "object",
        "properties": {
            "candidate_id": {"type": "integer"},
            "name": {"type": "string"},
            "rank": {"type": ["integer", "null"]},
            "weighted_total": {"type": ["number", "null"], "description": "1-5, rated weight only"},
            "rated_weight": {"type": "integer", "description": "percent of the weight rated"},
            "normalised_total": {"type": ["number", "null"], "description": "mean z-score"},
            "knocked_out": {"type": "boolean"},
            "knockouts": {"type": "array", "items": {"type": "string"}},
            "must_have_flags": {"type": "array", "items": {"type": "string"}},
            "complete": {"type": "boolean"},
            "feedback_submitted": {"type": "integer"},
            "feedback_expected": {"type": "integer"},
            "competencies": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "mean": {"type": ["number", "null"]},
                        "ratings": {"type": "array", "items": {"type": "integer"}},
                    },
                },
            },
            "disagreements": {"type": "array", "items": {"type": "string"}},
            "recommendations": {"type": "object", "additionalProperties": RECOMMENDATION},
        },
    },
    "Ranking": {
        "type": "object",
        "properties": {
            "scorecard_id": {"type": "integer"},
            "scorecard_version": {"type": "integer"},
            "scoring_closed": {"type": "boolean"},
            "hidden_candidates": {
                "type": "integer",
                "description": "candidates left out until the caller submits their own feedback",
            },
            "candidates": {"type": "array", "items": _ref("CandidateStanding")},
            "calibration": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "interviewer": {"type": "string"},
                        "count": {"type": "integer"},
                        "candidates": {"type": "integer"},
                        "mean": {"type": "number"},
                        "sd": {"type": "number"},
                        "lean": {"type": "number"},
                    },
                },
            },
        },
    },
}

_CANDIDATE_LIST = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": _ref("Candidate")},
        "count": {"type": "integer"},
    },
}
_VISIBLE = {
    "type": "object",
    "properties": {
        "candidate_id": {"type": "integer"},
        "others_hidden": {"type": "boolean"},
        "feedback": {"type": "array", "items": _ref("Feedback")},
    },
}

PATHS: dict[str, Any] = {
    "/api/scorecards/{scorecard_id}/candidates": {
        "post": {
            "summary": "Add a candidate and their interview panel to an approved scorecard version",
            "operationId": "createCandidate",
            "parameters": [SCORECARD],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("NewCandidate")}},
            },
            "responses": {
                "201": _json("Candidate created", _ref("Candidate")),
                **{k: ERRORS[k] for k in ("401", "403", "404")},
                "409": _error("The scorecard's scoring is closed"),
                "422": VALIDATION,
            },
        },
        "get": {
            "summary": "Candidates of a scorecard version (interviewers: those they interview)",
            "operationId": "listCandidates",
            "parameters": [SCORECARD],
            "responses": {
                "200": _json("Candidates", _CANDIDATE_LIST),
                "401": ERRORS["401"],
                "404": ERRORS["404"],
            },
        },
    },
    "/api/candidates/{candidate_id}": {
        "delete": {
            "summary": "Delete a candidate, their feedback, ratings and personal data",
            "operationId": "deleteCandidate",
            "parameters": [CANDIDATE],
            "responses": {
                "200": _json("Deleted", {"type": "object"}),
                **{k: ERRORS[k] for k in ("401", "403", "404")},
            },
        }
    },
    "/api/candidates/{candidate_id}/feedback": {
        "put": {
            "summary": "Create or replace the caller's own draft feedback",
            "operationId": "putFeedback",
            "parameters": [CANDIDATE],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("FeedbackInput")}},
            },
            "responses": {
                "200": _json("The draft", _ref("Feedback")),
                "401": ERRORS["401"],
                "404": _error("No such candidate, or the caller is not on the panel"),
                "409": LOCKED,
                "422": VALIDATION,
            },
        },
        "get": {
            "summary": "Feedback the caller may read (others' only once their own is submitted)",
            "operationId": "getFeedback",
            "parameters": [CANDIDATE],
            "responses": {
                "200": _json("Visible feedback", _VISIBLE),
                "401": ERRORS["401"],
                "404": ERRORS["404"],
            },
        },
    },
    "/api/candidates/{candidate_id}/feedback/submit": {
        "post": {
            "summary": "Submit the caller's draft; it is then locked",
            "operationId": "submitFeedback",
            "parameters": [CANDIDATE],
            "responses": {
                "200": _json(
                    "Submitted",
                    {"type": "object", "properties": {"status": {"const": "submitted"}}},
                ),
                "401": ERRORS["401"],
                "404": _error("No such candidate, or the caller is not on the panel"),
                "409": LOCKED,
                "422": _error("Missing or invalid ratings; `errors` names each one"),
            },
        }
    },
    "/api/scorecards/{scorecard_id}/ranking": {
        "get": {
            "summary": "Candidates ranked from submitted feedback, with knockouts, disagreements and calibration",
            "operationId": "getRanking",
            "parameters": [SCORECARD],
            "responses": {
                "200": _json("Ranking", _ref("Ranking")),
                "401": ERRORS["401"],
                "404": _error("Not found, or the caller may not see the ranking (interviewers)"),
            },
        }
    },
}
