"""Stage events emitted while a scorecard is generated (the CLI draws a bar, the web streams them)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

STAGES = ("analyse", "competencies", "details", "questions", "guide", "validate")
TOKEN_EVENT_SECONDS = 1.0  # each event may be a database write in the web worker


@dataclass(frozen=True)
class ProgressEvent:
    stage: str
    message: str
    step: int
    total: int = len(STAGES)
    tokens: int | None = None  # tokens received so far in this run, when a model streams


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    """The default callback: ignore events."""


class TokenMeter:
    """Counts streamed tokens and reports them at most once per `every` seconds.

    Tokens arrive dozens per second; the web worker writes each event to the job's row, so the
    stage's own message is repeated with a running count ("… 1,240 tokens received") only now
    and then.
    """

    def __init__(
        self,
        progress: ProgressCallback,
        *,
        every: float = TOKEN_EVENT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.progress = progress
        self.every = every
        self.clock = clock
        self.tokens = 0
        self.last = clock()
        self.current = ProgressEvent(stage=STAGES[0], message="Starting", step=1)

    def stage(self, event: ProgressEvent) -> None:
        """A new stage: report it at once and let later token counts repeat its message."""
        self.current = event
        self.progress(event)

    def add(self, tokens: int) -> None:
        """Tokens arrived; report the running count if the last report is old enough."""
        self.tokens += tokens
        now = self.clock()
        if now - self.last < self.every:
            return
        self.last = now
        event = self.current
        self.progress(
            ProgressEvent(
                stage=event.stage,
                message=f"{event.message} … {self.tokens:,} tokens received",
                step=event.step,
                total=event.total,
                tokens=self.tokens,
            )
        )
