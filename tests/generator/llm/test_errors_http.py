"""Failures point at the real cause and its fix, cost no false repair, and one 500 changes nothing."""

from __future__ import annotations

import json
import random

import httpx
import pytest
import respx

from generator import engines
from generator.errors import ModelOutputError, ModelUnavailableError
from generator.intake import read_job_description
from generator.settings import LLMSettings
from tests.conftest import SAMPLE_DIR
from tests.generator.llm.local_server import closed_port
from tests.generator.llm.wire import openai_body, stage_of, streamed

JD = read_job_description(SAMPLE_DIR / "senior_data_engineer.md")
BASE_CALLS = 18  # analyse, competencies, 8 details, 6 question batches, case study, Q&A
NOT_FOUND = {"error": {"code": 404, "message": "File Not Found", "type": "not_found_error"}}


def _generate(**kw):
    return engines.generate(JD, settings=LLMSettings(**kw), use_cache=False)


def _answer(replies, fail=None):
    """Valid answers; `fail(request, n)` may return an error response for the n-th request instead."""
    seen = {"n": 0}

    def answer(request: httpx.Request) -> httpx.Response:
        seen["n"] += 1
        if fail and (bad := fail(request, seen["n"])) is not None:
            return bad
        text = replies.json_for(stage_of(request), request)
        return streamed(request, httpx.Response(200, json=openai_body(text)))

    return answer


def _server_error(message: str = "Internal server error") -> httpx.Response:
    return httpx.Response(500, json={"error": {"message": message, "type": "server_error"}})


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_nothing_listening_is_named_as_such_through_respx():
    base = "http://127.0.0.1:8999/v1"
    with respx.mock() as mock:
        calls = mock.post(f"{base}/chat/completions").mock(
            side_effect=httpx.ConnectError("[Errno 111] Connection refused")
        )
        with pytest.raises(ModelUnavailableError) as failure:
            _generate(model="openai/m", api_base=base, server="openai")
    message = str(failure.value)
    assert message.startswith(f"Nothing is listening at {base}") and "SCORECARD_API_BASE" in message
    # a refused connection is asked twice, not max_attempts times, by each of the two stages
    # that start side by side (analyse and competencies)
    assert 2 <= calls.call_count <= 4


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
def test_nothing_listening_on_a_real_closed_port(monkeypatch, keys, waits, transport):
    """The CLI's own transport (aiohttp by default): litellm reports a 500, the cause chain tells."""
    if transport == "httpx":
        monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    else:
        monkeypatch.delenv("DISABLE_AIOHTTP_TRANSPORT", raising=False)
    base = f"http://127.0.0.1:{closed_port()}/v1"
    with pytest.raises(ModelUnavailableError) as failure:
        _generate(model="openai/m", api_base=base)
    message = str(failure.value)
    assert message.startswith(f"Nothing is listening at {base} (connection refused)")
    assert "returned errors" not in message and "SCORECARD_MODEL" not in message
    assert 1 <= len(waits) <= 2  # asked twice per first stage, not five times, never json_object


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_ollama_model_pointed_at_an_openai_style_server():
    base = "http://127.0.0.1:8080/v1"
    with respx.mock() as mock:
        calls = mock.post(f"{base}/api/chat").mock(return_value=httpx.Response(404, json=NOT_FOUND))
        with pytest.raises(ModelUnavailableError) as failure:
            _generate(model="ollama/llama3.1", api_base=base)
    message = str(failure.value)
    assert "Ollama's own API" in message and "SCORECARD_MODEL=openai/llama3.1" in message
    assert calls.call_count == 1  # a 404 is not retried, and costs no json_object "repair"


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_base_url_missing_v1_is_blamed_on_the_base_not_the_model():
    base = "http://127.0.0.1:8080"
    with respx.mock() as mock:
        calls = mock.post(f"{base}/chat/completions").mock(
            return_value=httpx.Response(404, json=NOT_FOUND)
        )
        with pytest.raises(ModelUnavailableError) as failure:
            _generate(model="openai/m", api_base=base)
    message = str(failure.value)
    assert f"set SCORECARD_API_BASE to {base}/v1" in message and "SCORECARD_MODEL" not in message
    assert calls.call_count == 1


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_unknown_model_is_blamed_on_the_model():
    missing = {"error": {"message": "The model `gpt-9` does not exist", "code": "model_not_found"}}
    with respx.mock() as mock:
        mock.post("https://api.openai.com/v1/chat/completions").mock(
            return_value=httpx.Response(404, json=missing)
        )
        with pytest.raises(ModelUnavailableError, match="set SCORECARD_MODEL to a model it serves"):
            _generate(model="openai/gpt-9")


@pytest.mark.usefixtures("httpx_transport")
def test_one_transient_500_changes_nothing(replies, waits):
    first = {"done": False}

    def fail(request, n):
        if not first["done"]:
            first["done"] = True
            return _server_error()
        return None

    with respx.mock() as mock:
        calls = mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=_answer(replies, fail)
        )
        card = _generate(model="openai/gpt-4o-mini")
    kinds = {json.loads(c.request.content)["response_format"]["type"] for c in calls.calls}
    assert kinds == {"json_schema"} and card.provenance.repairs == []
    assert calls.call_count == BASE_CALLS + 1 and card.provenance.calls == BASE_CALLS + 1
    assert next(s for s in card.provenance.stages if s.stage == "analyse").attempts == 2
    assert len(waits) == 1 and 0.25 <= waits[0] <= 0.5  # backed off, with jitter


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_a_400_naming_json_schema_switches_once(replies):
    def fail(request, n):
        if json.loads(request.content)["response_format"]["type"] == "json_schema":
            return httpx.Response(
                400, json={"error": {"message": "response_format json_schema is not supported"}}
            )
        return None

    with respx.mock() as mock:
        calls = mock.post("http://127.0.0.1:5000/v1/chat/completions").mock(
            side_effect=_answer(replies, fail)
        )
        card = _generate(model="openai/m", api_base="http://127.0.0.1:5000/v1")
    # analyse and competencies start side by side: each already asking meets the 400 once
    refused = [
        c
        for c in calls.calls
        if json.loads(c.request.content)["response_format"]["type"] == "json_schema"
    ]
    assert len(refused) in (1, 2) and calls.call_count == BASE_CALLS + len(refused)
    switched = [r for r in card.provenance.repairs if "json_schema" in r]
    assert len(switched) == 1 and switched[0].endswith(
        ": server refused json_schema (HTTP 400: response_format json_schema is not supported); "
        "switched to json_object"
    )


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_repeated_500s_on_json_schema_while_json_object_works(replies):
    def fail(request, n):
        body = json.loads(request.content)
        return _server_error() if body["response_format"]["type"] == "json_schema" else None

    with respx.mock() as mock:
        calls = mock.post("http://127.0.0.1:5000/v1/chat/completions").mock(
            side_effect=_answer(replies, fail)
        )
        card = _generate(model="openai/m", api_base="http://127.0.0.1:5000/v1", max_attempts=3)
    # three json_schema failures for each stage asking before the switch (one or both of the two
    # that start together), then json_object
    assert calls.call_count in (BASE_CALLS + 3, BASE_CALLS + 6)
    assert any(
        "failed 3 times with server errors while json_object worked" in r
        for r in card.provenance.repairs
    )


@pytest.mark.usefixtures("httpx_transport", "waits")
@pytest.mark.parametrize("seed", range(6))
def test_a_20_percent_5xx_rate_does_not_fail_runs(replies, seed):
    chance = random.Random(seed)
    with respx.mock() as mock:
        calls = mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=_answer(
                replies, lambda r, n: _server_error() if chance.random() < 0.2 else None
            )
        )
        card = _generate(model="openai/gpt-4o-mini")
    assert len(card.competencies) == 8 and card.provenance.repairs == []
    assert {json.loads(c.request.content)["response_format"]["type"] for c in calls.calls} == {
        "json_schema"
    }


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_cut_off_answers_name_the_setting_that_is_read(replies):
    cut = httpx.Response(200, json=openai_body('{"title": "Cust', finish_reason="length"))
    settings = LLMSettings.from_env(
        {"SCORECARD_MODEL": "openai/gpt-4o-mini", "SCORECARD_MAX_TOKENS": "8192"}
    )
    assert settings.max_tokens == 8192
    with respx.mock() as mock:
        calls = mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=lambda r: streamed(r, cut)
        )
        with pytest.raises(ModelOutputError, match=r"raise SCORECARD_MAX_TOKENS \(now 8192\)"):
            engines.generate(JD, settings=settings, use_cache=False)
    # each of the two first stages doubles its limit twice at most; the first to fail stops both
    limits = [json.loads(c.request.content)["max_tokens"] for c in calls.calls]
    assert set(limits) == {8192, 16384, 32768} and 3 <= len(limits) <= 6
    assert limits.count(32768) <= 2  # never raised past twice the doubled limit
