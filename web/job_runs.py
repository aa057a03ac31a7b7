"""One run of a background job under its lease: heartbeats, fenced writes, and the failure paths.

A run heartbeats from a side thread while it works, model calls in flight included, and sets
`cancel` as soon as its lease is lost, which stops the generator's model calls. The failure
paths are the same for every kind of job: a superseded run stops quietly, a generator error is
shown to the user, and anything unexpected (while generating or while saving) fails the job
with a sentence instead of leaving it running.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from generator.errors import RunCancelledError, ScorecardError
from web.db import session_scope
from web.models import GenerationJob, Regeneration
from web.store import leases
from web.store.leases import LeaseLost

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0
T = TypeVar("T")


class Lease:
    """Holds a claimed job: heartbeats from a thread and sets `cancel` once the lease is lost."""

    def __init__(
        self,
        engine: Engine,
        table: type[GenerationJob] | type[Regeneration],
        job_id: str,
        lease: str,
        *,
        interval: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.engine, self.table, self.job_id, self.lease = engine, table, job_id, lease
        self.interval = interval
        self.cancel = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{job_id[:8]}", daemon=True
        )

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with session_scope(self.engine) as session:
                    alive = leases.heartbeat(
                        session, self.table, job_id=self.job_id, lease=self.lease
                    )
            except Exception as exc:  # the database is briefly unreachable: try again next beat
                log.warning("heartbeat of job %s failed: %s", self.job_id, exc)
                continue
            if not alive:
                log.warning(
                    "job %s was taken over or ended elsewhere; stopping this run", self.job_id
                )
                self.cancel.set()
                return

    def write(self, **values: object) -> None:
        """Update the job under the lease. Raises LeaseLost (and cancels the run) once it is lost."""
        try:
            with session_scope(self.engine) as session:
                leases.write(session, self.table, job_id=self.job_id, lease=self.lease, **values)
        except LeaseLost:
            self.cancel.set()
            raise

    def fail(self, message: str) -> None:
        with session_scope(self.engine) as session:
            leases.fail(session, self.table, job_id=self.job_id, error=message, lease=self.lease)

    def attempt(self, work: Callable[[], T], unexpected: str) -> T | None:
        """Run the job's work; None when it failed (recorded) or this run was superseded."""
        try:
            return work()
        except (LeaseLost, RunCancelledError):
            log.warning(
                "job %s: this run lost its lease and stopped; nothing was saved", self.job_id
            )
        except ScorecardError as exc:
            self.fail(str(exc))
        except Exception:
            log.exception("job %s failed unexpectedly", self.job_id)
            self.fail(unexpected)
        return None

    def save(self, write: Callable[[Session], object], failure: str) -> None:
        """Write the result in one transaction; any error fails the job instead of leaving it running."""
        try:
            with session_scope(self.engine) as session:
                write(session)
        except LeaseLost:
            log.warning(
                "job %s: this run lost its lease before saving; nothing was saved", self.job_id
            )
        except Exception:
            log.exception("the result of job %s could not be saved", self.job_id)
            self.fail(failure)
