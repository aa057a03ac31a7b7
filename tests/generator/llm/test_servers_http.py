"""Each local server gets the request shape that makes it constrain decoding to the schema.

llama.cpp: `response_format: {"type": "json_object", "schema": …}`; Ollama: the schema in
`format` on /api/chat (NDJSON stream); vLLM: `response_format: json_schema` plus
`structured_outputs: {"json": …}`. None of them gets the schema pasted into the prompt, which
small models tend to echo back.
"""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from generator import engines
from generator.intake import read_job_description
from generator.llm import replay
from generator.llm.servers import resolve_server, route
from generator.settings import LLMSettings
from tests.conftest import SAMPLE_DIR
from tests.generator.llm.wire import ollama_ndjson, openai_body, request_texts, stage_of, streamed

JD = read_job_description(SAMPLE_DIR / "senior_data_engineer.md")
BASE_CALLS = 18  # analyse, competencies, 8 details, 6 question batches, case study, Q&A


def _generate(**kw):
    return engines.generate(JD, settings=LLMSettings(**kw), use_cache=False)


def _openai_answer(replies):
    def answer(request: httpx.Request) -> httpx.Response:
        text = replies.json_for(stage_of(request), request)
        return streamed(request, httpx.Response(200, json=openai_body(text)))

    return answer


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_llamacpp_gets_json_object_with_the_schema(replies):
    base = "http://127.0.0.1:8080/v1"
    with respx.mock() as mock:
        calls = mock.post(f"{base}/chat/completions").mock(side_effect=_openai_answer(replies))
        card = _generate(model="openai/qwen2.5-1.5b", api_base=base)
    assert calls.call_count == BASE_CALLS and len(card.competencies) == 8
    body = json.loads(calls.calls[0].request.content)
    assert body["stream"] is True
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["schema"]["title"] == "ProfileDraft"
    assert "JSON schema" not in request_texts(calls.calls[0].request)[1]
    assert card.provenance.cost_usd is None  # a local model has no price


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_ollama_gets_the_schema_in_format_on_api_chat(replies):
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        system = next(m["content"] for m in body["messages"] if m["role"] == "system")
        user = body["messages"][-1]["content"]
        text = replay.answer_json(replies.answers, replay.stage_of(system, user), user)
        return httpx.Response(
            200, headers={"content-type": "application/x-ndjson"}, content=ollama_ndjson(text)
        )

    with respx.mock() as mock:
        calls = mock.post("http://127.0.0.1:11434/api/chat").mock(side_effect=answer)
        card = _generate(model="ollama/llama3.1", api_base="http://127.0.0.1:11434")
    assert calls.call_count == BASE_CALLS and len(card.questions) == 20
    body = json.loads(calls.calls[0].request.content)
    assert body["model"] == "llama3.1" and body["stream"] is True
    assert body["format"]["title"] == "ProfileDraft"  # the JSON schema itself, not "json"
    assert card.provenance.tokens_out == 400 * BASE_CALLS


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_vllm_gets_json_schema_and_structured_outputs(replies):
    base = "http://gpu-box:8000/v1"
    with respx.mock() as mock:
        calls = mock.post(f"{base}/chat/completions").mock(side_effect=_openai_answer(replies))
        card = _generate(model="openai/Qwen/Qwen2.5-7B-Instruct", api_base=base, server="vllm")
    assert calls.call_count == BASE_CALLS and card.case_study
    body = json.loads(calls.calls[0].request.content)
    assert body["response_format"]["type"] == "json_schema"
    assert body["structured_outputs"]["json"] == body["response_format"]["json_schema"]["schema"]
    assert body["model"] == "Qwen/Qwen2.5-7B-Instruct"


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_hosted_openai_streams_with_usage(replies):
    with respx.mock() as mock:
        calls = mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=_openai_answer(replies)
        )
        card = _generate(model="openai/gpt-4o-mini")
    body = json.loads(calls.calls[0].request.content)
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["response_format"]["type"] == "json_schema" and "structured_outputs" not in body
    assert card.provenance.tokens_in == 900 * BASE_CALLS and card.provenance.cost_usd


@pytest.mark.parametrize(
    ("model", "api_base", "server", "expected", "litellm_model"),
    [
        ("openai/gpt-4o-mini", None, "auto", "openai", "openai/gpt-4o-mini"),
        ("openai/m", "http://127.0.0.1:8080/v1", "auto", "llamacpp", "openai/m"),
        ("openai/m", "http://llama-server.lan/v1", "auto", "llamacpp", "openai/m"),
        ("openai/m", "http://127.0.0.1:8000/v1", "auto", "vllm", "openai/m"),
        ("hosted_vllm/m", "http://box:9000/v1", "auto", "vllm", "openai/m"),
        ("ollama/llama3.1", None, "auto", "ollama", "ollama_chat/llama3.1"),
        ("openai/llama3.1", "http://127.0.0.1:11434/v1", "auto", "ollama", "ollama_chat/llama3.1"),
        ("ollama/llama3.1", "http://127.0.0.1:9999/v1", "llamacpp", "llamacpp", "openai/llama3.1"),
        ("openai/m", "http://127.0.0.1:5000/v1", "auto", "openai", "openai/m"),
        (
            "anthropic/claude-3-5-haiku-20241022",
            None,
            "auto",
            "anthropic",
            "anthropic/claude-3-5-haiku-20241022",
        ),
    ],
)
def test_server_is_chosen_from_setting_prefix_and_base(
    model, api_base, server, expected, litellm_model
):
    settings = LLMSettings(model=model, api_base=api_base, server=server)
    assert resolve_server(settings) == expected
    assert route(settings).model == litellm_model


def test_local_servers_default_to_one_call_at_a_time():
    assert LLMSettings(model="ollama/llama3.1").concurrency == 1
    assert LLMSettings(model="openai/m", api_base="http://127.0.0.1:8080/v1").concurrency == 1
    assert LLMSettings(model="openai/gpt-4o-mini").concurrency == 16
    assert LLMSettings(model="ollama/llama3.1", max_concurrency=2).concurrency == 2


def test_settings_for_slow_local_set_ups_are_read_from_the_environment():
    settings = LLMSettings.from_env(
        {
            "SCORECARD_MODEL": "openai/m",
            "SCORECARD_SERVER": "llamacpp",
            "SCORECARD_DEADLINE": "3600",
            "SCORECARD_IDLE_TIMEOUT": "45",
            "SCORECARD_MAX_TOKENS": "8192",
            "SCORECARD_MAX_CONCURRENCY": "2",
            "SCORECARD_STREAM": "0",
        }
    )
    assert settings.deadline_seconds == 3600 and settings.idle_timeout_seconds == 45
    assert settings.max_tokens == 8192 and settings.concurrency == 2 and not settings.stream


@pytest.mark.usefixtures("httpx_transport", "waits")
def test_a_server_that_ignores_stream_is_asked_whole_from_then_on(replies):
    def whole(request: httpx.Request) -> httpx.Response:
        text = replies.json_for(stage_of(request), request)
        return httpx.Response(200, json=openai_body(text))  # one JSON body, whatever was asked

    with respx.mock() as mock:
        calls = mock.post("http://127.0.0.1:5000/v1/chat/completions").mock(side_effect=whole)
        card = _generate(model="openai/m", api_base="http://127.0.0.1:5000/v1", max_concurrency=1)
    streams = [json.loads(c.request.content).get("stream", False) for c in calls.calls]
    assert streams[0] is True and not any(streams[1:]) and calls.call_count == BASE_CALLS + 1
    assert len(card.competencies) == 8
