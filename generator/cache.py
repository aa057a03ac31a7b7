"""A result cache: the same normalised JD, options, model, server and prompt version return the stored scorecard."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.invariants import fold
from generator.options import GenerationOptions
from generator.schema import Scorecard
from generator.settings import LLMSettings

log = logging.getLogger(__name__)
DEFAULT_PATH = Path.home() / ".cache" / "scorecard" / "results.sqlite3"


def cache_key(
    job_description: str, options: GenerationOptions, settings: LLMSettings, prompt_version: str
) -> str:
    """A stable key for one generation request: everything that changes the answer, nothing else.

    The API base is part of it: the same model string on another server is another model (and a
    dead server must fail, not answer from the cache). Limits that change what is asked for
    (max tokens, temperature, the server's request shape) are too; timeouts and concurrency are not.
    """
    from generator.llm.servers import resolve_server

    payload = json.dumps(
        {
            "jd": fold(job_description),
            "options": options.model_dump(),
            "model": settings.model,
            "api_base": (settings.api_base or "").strip().rstrip("/").lower(),
            "server": resolve_server(settings),
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
            "prompts": prompt_version,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResultCache:
    """Scorecards stored by request key in a small SQLite file.

    The cache is an optimisation: if its file cannot be created, read or written, it logs a
    warning and behaves as empty, and generation goes on.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DEFAULT_PATH
        self.enabled = True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, scorecard TEXT NOT NULL, "
                    "created TEXT DEFAULT CURRENT_TIMESTAMP)"
                )
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def _disable(self, exc: Exception) -> None:
        log.warning("result cache at %s is unavailable (%s); continuing without it", self.path, exc)
        self.enabled = False

    def get(self, key: str) -> Scorecard | None:
        """The stored scorecard for this key, or None (a stored one that no longer validates is ignored)."""
        if not self.enabled:
            return None
        try:
            with self._connect() as db:
                row = db.execute("SELECT scorecard FROM results WHERE key = ?", (key,)).fetchone()
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)
            return None
        if row is None:
            return None
        try:
            return Scorecard.model_validate_json(row[0])
        except ValueError:
            return None

    def put(self, key: str, scorecard: Scorecard) -> None:
        """Store a validated scorecard; a failure to store is logged, never raised."""
        if not self.enabled:
            return
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT OR REPLACE INTO results (key, scorecard) VALUES (?, ?)",
                    (key, scorecard.model_dump_json()),
                )
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)
