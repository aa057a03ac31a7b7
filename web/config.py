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
    # How many proxies sit in front of the service; their X-Forwarded-* headers are believed.
    trusted_proxies: int = Field(default=0, ge=0, le=10)
    # Failed logins: per address and email, per address (any email), both over the window; and
    # per account (any address), which only delays the next try, so nobody can lock an owner out.
    login_attempts: int = Field(default=5, ge=1)
    login_address_attempts: int = Field(default=20, ge=1)
    login_window_seconds: int = Field(default=900, ge=10)
    login_account_delay_max_seconds: int = Field(default=30, ge=1, le=3600)
    # Sessions end after this long without a request, and this long after login whatever happens.
    session_idle_minutes: int = Field(default=480, ge=1)
    session_max_hours: int = Field(default=24 * 7, ge=1)
    # An invitation link lets its user choose a password this long after it was issued.
    invitation_hours: int = Field(default=72, ge=1, le=24 * 30)

    @classmethod
    def from_env(cls, instance_path: Path, env: dict[str, str] | None = None) -> WebSettings:
        """Read SECRET_KEY, DATABASE_URL, REDIS_URL, … with safe defaults for a single machine."""
        if env is None:
            from dotenv import load_dotenv

            load_dotenv(override=False)
            env = dict(os.environ)
        instance_path.mkdir(parents=True, exist_ok=True)
        numbers = {
            field: int(env[name])
            for field, name in _NUMBERS.items()
            if env.get(name, "").strip()  # unset or empty: the default
        }
        return cls(
            secret_key=env.get("SECRET_KEY") or _instance_secret(instance_path),
            database_url=env.get("DATABASE_URL")
            or f"sqlite:///{instance_path / 'scorecard.sqlite3'}",
            redis_url=env.get("REDIS_URL") or None,
            instance_path=instance_path,
            embedded_worker=env.get("SCORECARD_EMBEDDED_WORKER", "1") not in {"0", "false", "no"},
            secure_cookies=env.get("SECURE_COOKIES", "0") in {"1", "true", "yes"},
            **numbers,
        )


# Whole-number settings and the environment variables they are read from.
_NUMBERS = {
    "max_upload_mb": "MAX_UPLOAD_MB",
    "trusted_proxies": "TRUSTED_PROXIES",
    "login_attempts": "LOGIN_ATTEMPTS",
    "login_address_attempts": "LOGIN_ADDRESS_ATTEMPTS",
    "login_window_seconds": "LOGIN_WINDOW_SECONDS",
    "login_account_delay_max_seconds": "LOGIN_ACCOUNT_DELAY_MAX_SECONDS",
    "session_idle_minutes": "SESSION_IDLE_MINUTES",
    "session_max_hours": "SESSION_MAX_HOURS",
    "invitation_hours": "INVITATION_HOURS",
}


def _instance_secret(instance_path: Path) -> str:
    """A random secret kept in the instance folder, so sessions survive restarts without configuration."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
