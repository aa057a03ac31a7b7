"""Provider wire formats and stage replies built from a real offline scorecard, for respx."""

from __future__ import annotations

import json

import httpx

from generator.llm import replay
from generator.schema import Scorecard

OPENAI_URL = "https://api.openai.com/v1/chat/completions"
ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"


def openai_body(content: str, *, finish_reason: str = "stop", refusal: str | None = None) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1763800000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None if refusal else content,
                    "refusal": refusal,
                },
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300},
        "system_fingerprint": "fp_test",
    }


def anthropic_body(content: str, *, stop_reason: str = "end_turn") -> dict:
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": "claude-3-5-haiku-20241022",
        "content": [{"type": "text", "text": content}],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 900, "output_tokens": 400},
    }


def request_texts(request: httpx.Request) -> tuple[str, str]:
    """(system prompt, last user message) of an OpenAI or Anthropic request."""
    body = json.loads(request.content)
    system = body.get("system", "")
    if isinstance(system, list):
        system = " ".join(block.get("text", "") for block in system)
    messages = body["messages"]
    if not system:
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
    last = messages[-1]["content"]
    if isinstance(last, list):
        last = " ".join(block.get("text", "") for block in last)
    return system, last


def stage_of(request: httpx.Request) -> str:
    return replay.stage_of(*request_texts(request))


class StageReplies:
    """Valid answers for every stage, taken from an offline scorecard of the same posting."""

    def __init__(self, card: Scorecard) -> None:
        self.card = card
        self.answers = replay.stage_answers(card)
        self.answers["analyse"]["domain_terms"] = ["dbt", "Airflow", "Snowflake"]

    def json_for(self, stage: str, request: httpx.Request | None = None) -> str:
        user = request_texts(request)[1] if request is not None else ""
        return replay.answer_json(self.answers, stage, user)


def _pieces(text: str, size: int = 40) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def openai_sse(
    content: str,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: dict | None = None,
) -> bytes:
    """An OpenAI chat-completions stream: role chunk, content (or refusal) deltas, finish, usage, [DONE]."""
    base = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1763800000,
        "model": "gpt-4o-mini-2024-07-18",
        "system_fingerprint": "fp_test",
    }

    def chunk(delta: dict, finish: str | None = None) -> dict:
        return {
            **base,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    events = [chunk({"role": "assistant", "content": "", "refusal": None})]
    if refusal:
        events += [chunk({"refusal": piece}) for piece in _pieces(refusal)]
    else:
        events += [chunk({"content": piece}) for piece in _pieces(content)]
    events.append(chunk({}, finish_reason))
    events.append(
        {
            **base,
            "choices": [],
            "usage": usage
            or {"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300},
        }
    )
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    return body.encode()


def anthropic_sse(content: str, *, stop_reason: str = "end_turn") -> bytes:
    """An Anthropic messages stream: message_start, text deltas, message_delta with usage, message_stop."""
    events = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_test",
                    "type": "message",
                    "role": "assistant",
                    "model": "claude-3-5-haiku-20241022",
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 900, "output_tokens": 1},
                },
            },
        ),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        ("ping", {"type": "ping"}),
        *[
            (
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": piece},
                },
            )
            for piece in _pieces(content)
        ],
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": 400},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode()


def ollama_ndjson(content: str, *, done_reason: str = "stop", model: str = "llama3.1") -> bytes:
    """Ollama's /api/chat stream: one JSON object per line, the last with done true and the counts."""
    lines = [
        {
            "model": model,
            "created_at": "2026-01-01T00:00:00.000000Z",
            "message": {"role": "assistant", "content": piece},
            "done": False,
        }
        for piece in _pieces(content)
    ]
    lines.append(
        {
            "model": model,
            "created_at": "2026-01-01T00:00:01.000000Z",
            "message": {"role": "assistant", "content": ""},
            "done": True,
            "done_reason": done_reason,
            "total_duration": 5_000_000_000,
            "load_duration": 1_000_000,
            "prompt_eval_count": 900,
            "prompt_eval_duration": 1_000_000_000,
            "eval_count": 400,
            "eval_duration": 4_000_000_000,
        }
    )
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def streamed(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """The same answer as a stream when the request asked for one (a whole JSON body otherwise)."""
    if response.status_code != 200 or not json.loads(request.content).get("stream"):
        return response
    data = response.json()
    if data.get("object") == "chat.completion":
        choice = data["choices"][0]
        message = choice["message"]
        body = openai_sse(
            message.get("content") or "",
            finish_reason=choice["finish_reason"],
            refusal=message.get("refusal"),
            usage=data.get("usage"),
        )
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
    if data.get("type") == "message":
        text = "".join(block.get("text", "") for block in data["content"])
        body = anthropic_sse(text, stop_reason=data["stop_reason"])
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
    return response
