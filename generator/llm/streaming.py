"""Read a streamed answer token by token, time out on silence (not on length), and hang up for real.

A local model on a CPU may take minutes to write an answer; that is fine as long as tokens keep
arriving. What must end a call is silence: no first token within SCORECARD_TIMEOUT, or no token
for SCORECARD_IDLE_TIMEOUT once the answer has begun. An abandoned request must also be closed on
the socket, or the server keeps generating it and every retry queues behind the ghost.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from generator.llm.errors import ProviderError

clock = time.monotonic


@dataclass
class Streamed:
    """The pieces of a streamed answer, put back together."""

    content: str = ""
    finish_reason: str | None = None
    refusal: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    chunks: int = 0


async def read_stream(
    open_stream: Callable[[], Awaitable[Any]],
    *,
    first_token_timeout: float,
    idle_timeout: float,
    on_tokens: Callable[[int], None] | None = None,
) -> Streamed:
    """Open a litellm stream and collect it, raising ProviderError("first_token" | "idle") on silence.

    The request is closed on every way out (silence, an error, the run being cancelled), so a
    local server stops generating an answer nobody will read.
    """
    answer = Streamed()
    started = clock()
    stream: Any = None
    response: Any = None
    try:
        try:
            stream = await asyncio.wait_for(open_stream(), timeout=first_token_timeout)
        except TimeoutError:
            raise ProviderError(
                "first_token", f"no first token within {first_token_timeout:g} s"
            ) from None
        response = _http_response(stream)
        _tap_refusals(stream, answer)
        iterator = stream.__aiter__()
        begun = False
        while True:
            limit = idle_timeout if begun else first_token_timeout - (clock() - started)
            try:
                chunk = await asyncio.wait_for(iterator.__anext__(), timeout=max(limit, 0.001))
            except StopAsyncIteration:
                break
            except TimeoutError:
                kind = "idle" if begun else "first_token"
                raise ProviderError(kind, f"no token for {limit:g} s ({kind})") from None
            response = response or _http_response(stream)
            tokens = _take(chunk, answer)
            if tokens:
                begun = True
                if on_tokens is not None:
                    on_tokens(tokens)
        return answer
    finally:
        await hang_up(stream, response)


def _take(chunk: Any, answer: Streamed) -> int:
    """Add one chunk to the answer; return how many tokens it carried (0 for bookkeeping chunks)."""
    usage = getattr(chunk, "usage", None)
    if usage is not None:
        answer.tokens_in = getattr(usage, "prompt_tokens", 0) or answer.tokens_in
        answer.tokens_out = getattr(usage, "completion_tokens", 0) or answer.tokens_out
    choices = getattr(chunk, "choices", None) or []
    if not choices:
        return 0
    choice = choices[0]
    if getattr(choice, "finish_reason", None):
        answer.finish_reason = choice.finish_reason
    delta = getattr(choice, "delta", None)
    if delta is None:
        return 0
    text = getattr(delta, "content", None) or ""
    thinking = getattr(delta, "reasoning_content", None) or ""
    refusal = getattr(delta, "refusal", None) or (
        getattr(delta, "provider_specific_fields", None) or {}
    ).get("refusal")
    if refusal:
        answer.refusal = (answer.refusal or "") + refusal
    answer.content += text
    carried = 1 if (text or thinking or refusal) else 0
    answer.chunks += carried
    return carried


async def hang_up(stream: Any, response: Any) -> None:
    """Close the stream and its HTTP response so the server sees the client go.

    litellm's wrapper closes OpenAI-style streams itself, but for Ollama's NDJSON stream it only
    drops its iterator; with the aiohttp transport the half-read connection then stays open (and
    the server keeps generating) until garbage collection, so the response is closed here too.
    """
    if stream is not None and hasattr(stream, "aclose"):
        with contextlib.suppress(Exception):
            await stream.aclose()
    if response is not None and hasattr(response, "aclose"):
        with contextlib.suppress(Exception):
            await response.aclose()


class _RefusalTap:
    """Reads OpenAI's `delta.refusal` from the raw chunks, which litellm's stream wrapper drops."""

    def __init__(self, inner: Any, answer: Streamed) -> None:
        self.inner = inner
        self.answer = answer
        self.response = getattr(inner, "response", None)
        self.iterator: Any = None

    def __aiter__(self) -> _RefusalTap:
        return self

    async def __anext__(self) -> Any:
        if self.iterator is None:
            self.iterator = self.inner.__aiter__()
        chunk = await self.iterator.__anext__()
        for choice in getattr(chunk, "choices", None) or []:
            refusal = getattr(getattr(choice, "delta", None), "refusal", None)
            if refusal:
                self.answer.refusal = (self.answer.refusal or "") + refusal
        return chunk

    async def close(self) -> None:
        await self.inner.close()


def _tap_refusals(stream: Any, answer: Streamed) -> None:
    inner = getattr(stream, "completion_stream", None)
    if type(inner).__name__ == "AsyncStream" and hasattr(inner, "close"):
        stream.completion_stream = _RefusalTap(inner, answer)


def _http_response(stream: Any) -> Any:
    """The httpx response under a litellm stream, found while its reader still holds it."""
    inner = getattr(stream, "completion_stream", None)
    if inner is None:
        return None
    found = getattr(inner, "response", None)  # the OpenAI SDK's AsyncStream
    if found is not None:
        return found
    lines = getattr(inner, "streaming_response", None)  # httpx's aiter_lines() generator
    frame = getattr(lines, "ag_frame", None)
    return frame.f_locals.get("self") if frame is not None else None
