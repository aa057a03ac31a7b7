"""Run huey consumers: embedded in the web process (single machine) or standalone (`scorecard worker`)."""

from __future__ import annotations

import logging

from huey import Huey
from huey.consumer import Consumer

log = logging.getLogger(__name__)


def start_embedded(huey: Huey, *, workers: int = 2) -> Consumer:
    """Start worker threads and the scheduler inside this process; the caller stops them."""
    consumer = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, check_worker_health=True
    )
    consumer._set_signal_handlers = lambda: None  # type: ignore[method-assign]  # the web server owns signals
    consumer.start()
    log.info("embedded worker started with %d thread(s)", workers)
    return consumer


def run_standalone(huey: Huey, *, workers: int = 2) -> None:
    """Run a consumer in the foreground until SIGINT/SIGTERM (for extra machines or processes)."""
    huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, check_worker_health=True
    ).run()
