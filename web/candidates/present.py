"""How rankings and feedback are shown: the API's JSON and the labels the pages use."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from generator.scoring import CandidateStanding
from web.candidates.standings import Recent, Standings, gc_paused, standings, standings_key
from web.models import ScorecardRecord, User

RECOMMENDATION_LABELS = {
    "strong_no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}


def standing_json(standing: CandidateStanding) -> dict[str, Any]:
    """One candidate's row of the ranking."""
    return {
        "candidate_id": standing.candidate_id,
        "name": standing.name,
        "rank": standing.rank,
        "weighted_total": standing.weighted_total,
        "rated_weight": standing.rated_weight,
        "normalised_total": standing.normalised_total,
        "knocked_out": standing.knocked_out,
        "knockouts": standing.knockouts,
        "must_have_flags": standing.flags,
        "complete": standing.complete,
        "feedback_submitted": standing.feedback_submitted,
        "feedback_expected": standing.feedback_expected,
        "competencies": {
            cid: {"mean": part.mean, "ratings": part.ratings}
            for cid, part in standing.competencies.items()
        },
        "disagreements": standing.disagreements,
        "recommendations": standing.recommendations,
    }


def ranking_json(record: ScorecardRecord, found: Standings) -> dict[str, Any]:
    """The ranking document of GET /api/scorecards/<id>/ranking."""
    return {
        "scorecard_id": record.id,
        "scorecard_version": record.version,
        "scoring_closed": record.scoring_closed_at is not None,
        "hidden_candidates": found.hidden,
        "candidates": [standing_json(s) for s in found.ranking.candidates],
        "calibration": [
            {
                "interviewer": c.interviewer,
                "count": c.count,
                "candidates": c.candidates,
                "mean": c.mean,
                "sd": c.sd,
                "lean": c.lean,
            }
            for c in found.ranking.calibration
        ],
    }


_DOCUMENTS = Recent(8)


def ranking_document(session: Session, *, record: ScorecardRecord, user: User) -> bytes:
    """The ranking as JSON bytes, encoded once for as long as the ranking holds."""
    key = standings_key(session, record=record, user=user)

    def encode() -> bytes:
        with gc_paused():  # one pause for both steps; freed before the collector comes back
            found = standings(session, record=record, user=user, hidden=key[3])
            body = json.dumps(ranking_json(record, found), separators=(",", ":")).encode()
            del found
            return body

    # The scoring-closed flag is in the document; closing writes an audit event, so it is in the key.
    return _DOCUMENTS.get_or_make(key, encode)
