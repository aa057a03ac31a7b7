"""Run huey consumers: embedded in the web process (single machine) or standalone (`scorecard worker`).

Besides the consumer, each worker process runs a recovery loop every RECOVERY_SECONDS, so a job
orphaned by a dead worker is picked up within STALE_SECONDS + RECOVERY_SECONDS (40 s), not at the
next minute of huey's periodic backstop.
"""

from __future__ import annotations

import logging
import threading

from huey import Huey
from huey.consumer import Consumer

from web.tasks import RECOVERY_SECONDS

log = logging.getLogger(__name__)
# Poll an idle SQLite queue at most every 0.25 s (huey's default backs off to 10 s); Redis blocks.
POLLING = {"initial_delay": 0.05, "backoff": 1.1, "max_delay": 0.25}


def _consumer(huey: Huey, workers: int) -> Consumer:
    return huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, check_worker_health=True, **POLLING
    )


def start_recovery(huey: Huey, *, interval: float = RECOVERY_SECONDS) -> threading.Event:
    """Look for orphaned jobs now and every `interval` seconds; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                huey.recover()  # type: ignore[attr-defined]
            except Exception as exc:  # the database is briefly unreachable: try again later
                log.warning("looking for orphaned jobs failed: %s", exc)
            if stop.wait(interval):
                return

    threading.Thread(target=loop, name="job-recovery", daemon=True).start()
    return stop


def start_embedded(huey: Huey, *, workers: int = 2) -> Consumer:
    """Start worker threads and the scheduler inside this process; the caller stops them."""
    consumer = _consumer(huey, workers)
    consumer._set_signal_handlers = lambda: None  # type: ignore[method-assign]  # the web server owns signals
    consumer.start()
    recovery = start_recovery(huey)
    stop_consumer = consumer.stop

    def stop(graceful: bool = False) -> None:
        recovery.set()
        stop_consumer(graceful=graceful)

    consumer.stop = stop  # type: ignore[method-assign]
    log.info("embedded worker started with %d thread(s)", workers)
    return consumer


def run_standalone(huey: Huey, *, workers: int = 2) -> None:
    """Run a consumer in the foreground until SIGINT/SIGTERM (for extra machines or processes)."""
    stop = start_recovery(huey)
    try:
        _consumer(huey, workers).run()
    finally:
        stop.set()
