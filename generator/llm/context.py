"""What every call of one scorecard shares: its settings, clock, counters, response mode and repairs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.errors import ModelTimeoutError
from generator.llm.provider import ChatResult, Provider
from generator.llm.servers import ResponseMode
from generator.schema import StageRecord
from generator.settings import LLMSettings

clock = time.monotonic  # the deadline's clock; tests replace it to move time on


@dataclass
class RunContext:
    """Shared by every call of one scorecard: limits, counters and the provider's response mode."""

    settings: LLMSettings
    provider: Provider
    started: float = field(default_factory=lambda: clock())
    calls: int = 0
    mode: ResponseMode | None = None
    stages: dict[str, StageRecord] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)
    semaphore: asyncio.Semaphore | None = None
    on_tokens: Callable[[int], None] | None = None  # tokens arriving, for the progress display

    def remaining(self) -> float:
        return self.settings.deadline_seconds - (clock() - self.started)

    def record(self, stage: str, result: ChatResult | None, attempts: int = 1) -> None:
        rec = self.stages.setdefault(stage, StageRecord(stage=stage))
        rec.attempts += attempts
        if result is not None:
            rec.calls += 1
            rec.seconds = round(rec.seconds + result.seconds, 4)
            rec.tokens_in += result.tokens_in
            rec.tokens_out += result.tokens_out
            if result.cost_usd is not None:
                rec.cost_usd = round((rec.cost_usd or 0.0) + result.cost_usd, 6)


def deadline_error(ctx: RunContext) -> ModelTimeoutError:
    return ModelTimeoutError(deadline_sentence(ctx.settings.deadline_seconds))


def deadline_sentence(seconds: float) -> str:
    """The deadline's one sentence, shared with the pipeline's own guard."""
    return (
        f"Generation passed its {seconds:.0f}-second deadline, so try again later or raise "
        "SCORECARD_DEADLINE (a local model on a CPU may need an hour); nothing was saved."
    )
