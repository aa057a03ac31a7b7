"""Settings read from the environment (and a .env file): which engine, which model, what limits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from generator.errors import ConfigurationError

OFFLINE = "offline"
Server = Literal["auto", "openai", "llamacpp", "ollama", "vllm"]
DAY = 86400.0  # a CPU-bound local model may need hours for a scorecard; a day is the sane ceiling

ENV_NAMES = {
    "model": "SCORECARD_MODEL",
    "api_base": "SCORECARD_API_BASE",
    "api_key": "SCORECARD_API_KEY",
    "server": "SCORECARD_SERVER",
    "stream": "SCORECARD_STREAM",
    "timeout_seconds": "SCORECARD_TIMEOUT",
    "idle_timeout_seconds": "SCORECARD_IDLE_TIMEOUT",
    "deadline_seconds": "SCORECARD_DEADLINE",
    "max_attempts": "SCORECARD_MAX_ATTEMPTS",
    "max_concurrency": "SCORECARD_MAX_CONCURRENCY",
    "max_calls": "SCORECARD_MAX_CALLS",
    "max_tokens": "SCORECARD_MAX_TOKENS",
    "temperature": "SCORECARD_TEMPERATURE",
    "cache_path": "SCORECARD_CACHE",
}


class LLMSettings(BaseModel):
    """Model choice and the limits that bound one scorecard's generation.

    Timeouts are on silence, not on length: `timeout_seconds` bounds the wait for the first token
    (the whole answer when streaming is off) and `idle_timeout_seconds` the gap between tokens, so
    a slow local model that keeps writing is never cut off, and a stalled one is noticed quickly.
    """

    model: str = OFFLINE
    api_base: str | None = None
    api_key: str | None = Field(default=None, repr=False, exclude=True)
    server: Server = "auto"
    stream: bool = True
    timeout_seconds: float = Field(default=60.0, gt=0, le=DAY)
    idle_timeout_seconds: float = Field(default=30.0, gt=0, le=DAY)
    deadline_seconds: float = Field(default=300.0, gt=0, le=DAY)
    max_attempts: int = Field(default=5, ge=1, le=8)
    # None: 16 for hosted services and vLLM, 1 for llama.cpp and Ollama (see `concurrency`).
    max_concurrency: int | None = Field(default=None, ge=1, le=32)
    max_calls: int = Field(default=40, ge=6, le=200)
    max_tokens: int = Field(default=4096, ge=256, le=32768)
    temperature: float = Field(default=0.2, ge=0, le=2)
    cache_path: Path | None = None

    @property
    def offline(self) -> bool:
        return not self.model or self.model == OFFLINE

    @property
    def concurrency(self) -> int:
        """Calls in flight at once: a local server answers one or a few requests at a time."""
        if self.max_concurrency is not None:
            return self.max_concurrency
        from generator.llm.servers import resolve_server

        return 1 if resolve_server(self) in {"llamacpp", "ollama"} else 16

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> LLMSettings:
        """Read SCORECARD_* variables (after loading .env when present); overrides win.

        Raises:
            ConfigurationError: a variable's value cannot be used (the message names it).
        """
        if env is None:
            from dotenv import load_dotenv

            load_dotenv(override=False)
            env = dict(os.environ)
        values: dict[str, object] = {
            field: env[var] for field, var in ENV_NAMES.items() if env.get(var)
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else ""
            where = (
                ENV_NAMES.get(field, field)
                if field not in overrides
                else f"--{field.replace('_', '-')}"
            )
            raise ConfigurationError(
                f"{where}: {error['msg']}. Fix the setting and try again."
            ) from None
