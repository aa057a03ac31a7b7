"""Keep the embedded background worker alive: `scorecard serve` restarts it whenever it exits.

Without this a killed worker leaves every new job queued for ever. Restarts back off (1 s, 2 s,
4 s … 30 s) while the worker keeps dying quickly, and reset once it has run for a minute.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0
HEALTHY_SECONDS = 60.0


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the server dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class WorkerSupervisor:
    """Runs `python -m web.cli worker` as a child process and restarts it when it dies."""

    def __init__(self, pid_file: Path, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "web.cli", "worker"]
        self.pid_file = pid_file
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.owner = (
            os.getpid()
        )  # gunicorn forks its workers from this process; they must not stop it
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        # Its own session: a terminal's Ctrl-C (or a signal to our process group) stops the
        # server, and the server stops the worker; the worker never races its own restart.
        self.process = subprocess.Popen(
            self.command, start_new_session=True, preexec_fn=_die_with_parent
        )
        self.pid_file.write_text(f"{self.process.pid}\n")

    def _watch(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            assert self.process is not None
            started = time.monotonic()
            code = self.process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > HEALTHY_SECONDS:
                backoff = 1.0
            log.error(
                "the background worker exited (code %s); restarting it in %.0f s", code, backoff
            )
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, MAX_BACKOFF)
            self._spawn()
            self.restarts += 1

    def stop(self, timeout: float = 30) -> None:
        """Stop the worker (SIGTERM, then SIGKILL after `timeout`) and stop restarting it.

        A forked web worker unwinds through the same `finally` as the server when it exits; only
        the process that started the supervisor may stop it.
        """
        if os.getpid() != self.owner:
            return
        self._stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.pid_file.unlink(missing_ok=True)
