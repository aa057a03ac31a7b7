"""Loading candidates and scorecards for a caller, with every object checked; what they may not see is None.

Shared by the pages and the API, so that the 404s are the same everywhere.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlmodel import Session

from generator.schema import Scorecard
from web.models import Candidate, PanelMember, ScorecardRecord, User
from web.permissions import can_manage_candidates, can_view_candidate
from web.store import candidates as candidate_store

_CARDS: dict[tuple[str, int], Scorecard] = {}
_CARDS_LOCK = threading.Lock()


def card_of(record: ScorecardRecord) -> Scorecard:
    """The validated scorecard of a stored version; versions are immutable, so it is parsed once."""
    key = (record.lineage_id, record.version)
    card = _CARDS.get(key)
    if card is None:
        card = Scorecard.model_validate(record.data)
        with _CARDS_LOCK:
            if len(_CARDS) >= 128:
                _CARDS.clear()
            _CARDS[key] = card
    return card


@dataclass(frozen=True)
class CandidateAccess:
    """A candidate as one caller sees it: their scorecard version and the caller's place on the panel."""

    candidate: Candidate
    record: ScorecardRecord
    member: PanelMember | None
    manager: bool

    @property
    def card(self) -> Scorecard:
        return card_of(self.record)

    @property
    def on_panel(self) -> bool:
        return self.member is not None

    def required(self) -> list[str]:
        """The competencies this panel member must rate: their focus, or every competency."""
        ids = [c.id for c in self.card.competencies]
        focus = set(self.member.focus) if self.member is not None else set()
        return [i for i in ids if i in focus] or ids


def candidate_for(session: Session, *, candidate_id: int, user: User) -> CandidateAccess | None:
    """The candidate if the user is on its panel or manages its scorecard's candidates, else None."""
    candidate = candidate_store.get_candidate(session, candidate_id=candidate_id)
    if candidate is None:
        return None
    record = session.get(ScorecardRecord, candidate.scorecard_id)
    if record is None:
        return None
    member = candidate_store.panel_member(session, candidate_id=candidate_id, user_id=user.id or 0)
    if not can_view_candidate(user, record, on_panel=member is not None):
        return None
    return CandidateAccess(candidate, record, member, can_manage_candidates(user, record))


def managed_scorecard(session: Session, *, scorecard_id: int, user: User) -> ScorecardRecord | None:
    """A scorecard version whose candidates the user manages, else None (interviewers: always None)."""
    record = session.get(ScorecardRecord, scorecard_id)
    return record if record is not None and can_manage_candidates(user, record) else None
