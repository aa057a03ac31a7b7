"""Streaming against a real socket: silence ends a call, length does not, and the server sees us hang up.

Runs on litellm's default aiohttp transport (what the CLI and the web worker use) and on httpx.
"""

from __future__ import annotations

import threading

import pytest

from generator import engines
from generator.errors import ModelTimeoutError, RunCancelledError
from generator.intake import read_job_description
from generator.llm import replay
from generator.progress import ProgressEvent, TokenMeter
from generator.settings import LLMSettings
from tests.conftest import SAMPLE_DIR
from tests.generator.llm.local_server import LocalModelServer, Plan

JD = read_job_description(SAMPLE_DIR / "senior_data_engineer.md")


@pytest.fixture(params=["aiohttp", "httpx"])
def transport(request, monkeypatch, keys) -> str:
    if request.param == "httpx":
        monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    else:
        monkeypatch.delenv("DISABLE_AIOHTTP_TRANSPORT", raising=False)
    return request.param


def _stage(body: dict) -> tuple[str, str]:
    messages = body["messages"]
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    return replay.stage_of(system, messages[-1]["content"]), messages[-1]["content"]


def _planner(replies, special: dict[str, list[Plan]]):
    """Answer every stage validly; a stage in `special` gets its queued plans first (content filled in)."""
    lock = threading.Lock()

    def plan_for(body: dict, _path: str) -> Plan:
        stage, user = _stage(body)
        text = replay.answer_json(replies.answers, stage, user)
        with lock:
            queue = special.get(stage.split(":")[0])
            plan = queue.pop(0) if queue else Plan()
        plan.content = text
        return plan

    return plan_for


def _settings(server: LocalModelServer, **kw) -> LLMSettings:
    kw.setdefault("model", "openai/local-model")
    kw.setdefault("api_base", server.base)
    kw.setdefault("max_concurrency", 4)
    return LLMSettings(server="llamacpp", **kw)


@pytest.mark.usefixtures("waits")
def test_silence_mid_answer_closes_the_request_and_the_retry_succeeds(replies, transport):
    stall = Plan(pause_after_tokens=3, pause=30)  # a server that stops writing half-way
    with LocalModelServer(_planner(replies, {"analyse": [stall]})) as server:
        card = engines.generate(
            JD, settings=_settings(server, idle_timeout_seconds=0.4), use_cache=False
        )
        assert server.wait_for_disconnects(1) >= 1  # the server saw the client go
    assert len(card.competencies) == 8
    assert next(s for s in card.provenance.stages if s.stage == "analyse").attempts == 2


@pytest.mark.usefixtures("waits")
def test_no_first_token_closes_the_request(replies, transport):
    slow_start = Plan(first_token_delay=30)
    with LocalModelServer(
        _planner(replies, {"analyse": [slow_start, Plan(first_token_delay=30)]})
    ) as server:
        with pytest.raises(ModelTimeoutError, match="no first token within 0.5 s"):
            engines.generate(
                JD, settings=_settings(server, timeout_seconds=0.5, max_attempts=2), use_cache=False
            )
        assert server.wait_for_disconnects(2) == 2


def test_a_slow_steady_answer_is_never_cut_off(replies, transport):
    """Each answer takes ~1.5 s, three times the first-token timeout: tokens keep coming, so it is fine."""
    steady = Plan(token_delay=0.01)
    with LocalModelServer(
        _planner(replies, {"analyse": [steady], "competencies": [steady]})
    ) as server:
        card = engines.generate(
            JD,
            # one call at a time: the test server answers one request at a time, as llama.cpp with
            # one slot does, and a queued call would meet the 0.5 s first-token limit
            settings=_settings(
                server, timeout_seconds=0.5, idle_timeout_seconds=0.5, max_concurrency=1
            ),
            use_cache=False,
        )
        assert server.seen.disconnects == []
    stage = next(s for s in card.provenance.stages if s.stage == "competencies")
    assert stage.seconds > 0.5 and stage.attempts == 1


@pytest.mark.usefixtures("waits")
def test_ollama_stream_is_closed_on_silence(replies, transport):
    """litellm only drops Ollama's NDJSON iterator; the response itself must be closed too."""
    stall = Plan(pause_after_tokens=2, pause=30)
    with LocalModelServer(_planner(replies, {"analyse": [stall]})) as server:
        settings = LLMSettings(
            model="ollama/llama3.1",
            api_base=server.root,
            idle_timeout_seconds=0.4,
            max_concurrency=1,  # only the stalled call is in flight when it is dropped
        )
        card = engines.generate(JD, settings=settings, use_cache=False)
        assert server.wait_for_disconnects(1) == 1
        chats = {
            p
            for p, b in zip(server.seen.paths, server.seen.requests, strict=True)
            if "messages" in b
        }
        assert chats == {"/api/chat"}
        assert isinstance(server.seen.requests[0]["format"], dict)
    assert card.provenance.model == "ollama/llama3.1"


def test_cancelling_a_run_hangs_up_on_the_server(replies, transport):
    started = threading.Event()

    def plan_for(body: dict, path: str) -> Plan:
        started.set()
        return Plan(content="{}", first_token_delay=30)

    cancel = threading.Event()
    with LocalModelServer(plan_for) as server:
        threading.Thread(target=lambda: started.wait(10) and cancel.set(), daemon=True).start()
        with pytest.raises(RunCancelledError):
            # one call at a time, so exactly one is in flight when the run is cancelled
            engines.generate(
                JD, settings=_settings(server, max_concurrency=1), use_cache=False, cancel=cancel
            )
        assert server.wait_for_disconnects(1) == 1


def test_tokens_arriving_show_in_the_progress(replies, transport):
    events: list[ProgressEvent] = []
    steady = Plan(token_delay=0.005)
    with LocalModelServer(_planner(replies, {"competencies": [steady]})) as server:
        engines.generate(JD, settings=_settings(server), use_cache=False, progress=events.append)
    counted = [e for e in events if e.tokens]
    assert counted and all(len(e.message) <= 120 for e in events)
    assert "tokens received" in counted[0].message and counted[0].stage == "competencies"


def test_token_events_are_throttled_to_one_a_second():
    now = [0.0]
    events: list[ProgressEvent] = []
    meter = TokenMeter(events.append, clock=lambda: now[0])
    meter.stage(ProgressEvent(stage="details", message="Writing rubrics", step=3))
    for _ in range(500):  # 128 tokens a second for about 3.9 s
        now[0] += 1 / 128
        meter.add(1)
    counts = [e.tokens for e in events if e.tokens]
    assert counts == [128, 256, 384]
    assert events[-1].message == "Writing rubrics … 384 tokens received"
