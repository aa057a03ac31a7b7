"""Settings read from the environment (and a .env file): which engine, which model, what limits."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from generator.errors import ConfigurationError

OFFLINE = "offline"


class LLMSettings(BaseModel):
    """Model choice and the limits that bound one scorecard's generation."""

    model: str = OFFLINE
    api_base: str | None = None
    api_key: str | None = Field(default=None, repr=False, exclude=True)
    timeout_seconds: float = Field(default=60.0, gt=0, le=600)
    deadline_seconds: float = Field(default=300.0, gt=0, le=300)
    max_attempts: int = Field(default=3, ge=1, le=6)
    max_concurrency: int = Field(default=16, ge=1, le=32)
    max_calls: int = Field(default=40, ge=6, le=200)
    max_tokens: int = Field(default=4096, ge=256, le=32768)
    temperature: float = Field(default=0.2, ge=0, le=2)
    cache_path: Path | None = None

    @property
    def offline(self) -> bool:
        return not self.model or self.model == OFFLINE

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
        names = {
            "model": "SCORECARD_MODEL",
            "api_base": "SCORECARD_API_BASE",
            "api_key": "SCORECARD_API_KEY",
            "timeout_seconds": "SCORECARD_TIMEOUT",
            "deadline_seconds": "SCORECARD_DEADLINE",
            "max_attempts": "SCORECARD_MAX_ATTEMPTS",
            "max_concurrency": "SCORECARD_MAX_CONCURRENCY",
            "max_calls": "SCORECARD_MAX_CALLS",
            "cache_path": "SCORECARD_CACHE",
        }
        values: dict[str, object] = {
            field: env[var] for field, var in names.items() if env.get(var)
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else ""
            where = (
                names.get(field, field)
                if field not in overrides
                else f"--{field.replace('_', '-')}"
            )
            raise ConfigurationError(
                f"{where}: {error['msg']}. Fix the setting and try again."
            ) from None
