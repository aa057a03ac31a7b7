"""The ranking a caller may see, computed from submitted feedback.

Shared by the comparison page, its exports and the API, so the blind rule holds everywhere: a
candidate whose panel the caller sits on, with their own feedback not yet submitted, is left out
entirely (ratings, totals and rank).
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from generator.scoring import PanelRanking, PanelRating, rank_panel
from web.candidates.access import card_of
from web.models import ScorecardRecord, User
from web.store import ranking as ranking_store


@dataclass(frozen=True)
class Standings:
    """The ranking a manager may see, the ratings behind it, and how many candidates are withheld."""

    ranking: PanelRanking
    ratings: list[PanelRating]
    hidden: int


class Recent:
    """A small least-recently-used map of computed results, per process and thread-safe.

    Keep only flat values here (bytes): object graphs kept alive would be traversed by every full
    garbage collection."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get_or_make(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two requests may both compute, both get the same answer
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def standings_key(session: Session, *, record: ScorecardRecord, user: User) -> tuple:
    """What a ranking depends on: the version, its audited changes so far, and what the user may not see.

    Every change to a candidate or to submitted feedback writes an audit event in the same
    transaction, so the count of a lineage's events moves whenever the ranking could.
    """
    hidden = ranking_store.blind_candidates(
        session, scorecard_id=record.id or 0, user_id=user.id or 0
    )
    changes = ranking_store.audited_changes(session, lineage_id=record.lineage_id)
    return (record.id, record.lineage_id, changes, frozenset(hidden))


def standings(
    session: Session,
    *,
    record: ScorecardRecord,
    user: User,
    with_evidence: bool = False,
    hidden: frozenset[int] | None = None,
) -> Standings:
    """Rank a scorecard version's candidates from submitted feedback only (blind rule applied)."""
    scorecard_id = record.id or 0
    if hidden is None:
        hidden = frozenset(
            ranking_store.blind_candidates(session, scorecard_id=scorecard_id, user_id=user.id or 0)
        )
    with gc_paused():
        emails = ranking_store.interviewer_emails(session, scorecard_id=scorecard_id)
        entries = ranking_store.panel_entries(
            session, scorecard_id=scorecard_id, emails=emails, exclude=hidden
        )
        ratings = ranking_store.submitted_ratings(
            session,
            scorecard_id=scorecard_id,
            emails=emails,
            exclude=hidden,
            with_evidence=with_evidence,
        )
        return Standings(rank_panel(card_of(record), entries, ratings), ratings, len(hidden))


_GC_LOCK = threading.Lock()
_GC_PAUSES = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a ranking allocates ~100,000 short-lived objects.

    Otherwise full collections triggered mid-request traverse the whole heap and add 100-200 ms at
    random. Nothing here forms reference cycles, so reference counting frees it all; concurrent
    requests share the pause, and the collector runs again once the last one leaves.
    """
    global _GC_PAUSES
    with _GC_LOCK:
        _GC_PAUSES += 1
        gc.disable()
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSES -= 1
            if _GC_PAUSES == 0:
                gc.enable()
