"""Stage events emitted while a scorecard is generated (the CLI draws a bar, the web streams them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STAGES = ("analyse", "competencies", "details", "questions", "guide", "validate")


@dataclass(frozen=True)
class ProgressEvent:
    stage: str
    message: str
    step: int
    total: int = len(STAGES)


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    """The default callback: ignore events."""
