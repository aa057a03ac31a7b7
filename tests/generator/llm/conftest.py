"""Fixtures for the LLM tests: provider keys, no real pauses between attempts, stage replies."""

from __future__ import annotations

import pytest

from generator.llm import retry
from tests.generator.llm.wire import StageReplies


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The pauses the retry layer asked for, instead of sleeping through them."""
    asked: list[float] = []

    async def fake_wait(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(retry, "wait", fake_wait)
    return asked


@pytest.fixture
def keys(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-openai")
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture
def httpx_transport(monkeypatch, keys) -> None:
    """litellm on plain httpx, which respx can intercept."""
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")


@pytest.fixture
def replies(generated) -> StageReplies:
    return StageReplies(generated["senior_data_engineer.md"])
