"""A run whose job was taken over stops calling the model at once, mid-call included."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
import respx

from generator import engines
from generator.errors import RunCancelledError
from generator.llm.cancel import run_cancellable
from generator.settings import LLMSettings
from tests.conftest import SAMPLE_DIR
from tests.generator.llm.wire import OPENAI_URL

JD = (SAMPLE_DIR / "senior_data_engineer.md").read_text()


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-openai")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def test_cancel_during_a_slow_model_call_stops_the_run_and_its_calls():
    started = threading.Event()
    calls: list[str] = []

    async def slow_model(_request: httpx.Request) -> httpx.Response:
        calls.append("sent")
        started.set()
        await asyncio.sleep(30)  # a local model on a CPU
        raise AssertionError("the abandoned call was not cancelled")

    cancel = threading.Event()
    with respx.mock(assert_all_called=False) as mock:
        mock.post(OPENAI_URL).mock(side_effect=slow_model)
        threading.Thread(target=lambda: started.wait(10) and cancel.set(), daemon=True).start()
        began = time.monotonic()
        with pytest.raises(RunCancelledError, match="another worker"):
            engines.generate(
                JD,
                # one call at a time, so exactly one is in flight when the run is cancelled
                settings=LLMSettings(
                    model="openai/gpt-4o-mini", deadline_seconds=120, max_concurrency=1
                ),
                use_cache=False,
                cancel=cancel,
            )
        elapsed = time.monotonic() - began
    time.sleep(0.5)
    assert calls == ["sent"]  # no further call was made after the cancel
    assert elapsed < 10  # far from the 30 s the model would have taken


def test_an_unset_event_changes_nothing():
    async def work() -> str:
        await asyncio.sleep(0.01)
        return "done"

    assert asyncio.run(run_cancellable(work(), threading.Event())) == "done"
    assert asyncio.run(run_cancellable(work(), None)) == "done"
