"""The web service's settings, read from the environment (and .env) inside the app factory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field


class WebSettings(BaseModel):
    """Everything the service reads from its environment, typed."""

    secret_key: str = Field(repr=False)
    database_url: str
    redis_url: str | None = None
    instance_path: Path
    max_upload_mb: int = Field(default=10, ge=1, le=100)
    max_jd_chars: int = Field(default=50_000, ge=1_000, le=200_000)
    embedded_worker: bool = True
    secure_cookies: bool = False
    login_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=10)

    @classmethod
    def from_env(cls, instance_path: Path, env: dict[str, str] | None = None) -> WebSettings:
        """Read SECRET_KEY, DATABASE_URL, REDIS_URL, … with safe defaults for a single machine."""
        if env is None:
            from dotenv import load_dotenv

            load_dotenv(override=False)
            env = dict(os.environ)
        instance_path.mkdir(parents=True, exist_ok=True)
        return cls(
            secret_key=env.get("SECRET_KEY") or _instance_secret(instance_path),
            database_url=env.get("DATABASE_URL")
            or f"sqlite:///{instance_path / 'scorecard.sqlite3'}",
            redis_url=env.get("REDIS_URL") or None,
            instance_path=instance_path,
            max_upload_mb=int(env.get("MAX_UPLOAD_MB", 10)),
            embedded_worker=env.get("SCORECARD_EMBEDDED_WORKER", "1") not in {"0", "false", "no"},
            secure_cookies=env.get("SECURE_COOKIES", "0") in {"1", "true", "yes"},
        )


def _instance_secret(instance_path: Path) -> str:
    """A random secret kept in the instance folder, so sessions survive restarts without configuration."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
