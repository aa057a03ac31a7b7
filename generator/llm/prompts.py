"""Prompt templates live in prompts/ as Jinja2 files; undefined variables are errors."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

PROMPTS_DIR = Path(
    os.environ.get("SCORECARD_PROMPTS_DIR") or Path(__file__).resolve().parents[2] / "prompts"
)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text for a model, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def prompt_version() -> str:
    """The prompt-set version recorded on every scorecard and call."""
    return (PROMPTS_DIR / "VERSION").read_text(encoding="utf-8").strip()


def render(template: str, **variables: object) -> str:
    """Render prompts/<template>.j2 with the given variables."""
    return _environment().get_template(f"{template}.j2").render(**variables).strip()
