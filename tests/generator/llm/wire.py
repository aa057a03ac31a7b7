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
        self.answers["analyse"]["domain_terms"] = ["Gainsight", "Salesforce", "Beacon"]

    def json_for(self, stage: str, request: httpx.Request | None = None) -> str:
        user = request_texts(request)[1] if request is not None else ""
        return replay.answer_json(self.answers, stage, user)
