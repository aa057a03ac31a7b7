"""One way to reach a model: a small provider interface, the litellm provider, and a test fake."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.llm.errors import ProviderError, classify
from generator.llm.servers import ResponseMode, Route, default_mode, response_options, route
from generator.llm.streaming import read_stream
from generator.settings import LLMSettings

QUIET = {None, "stop"}  # how litellm ends a "stream" it could not read
__all__ = [
    "ChatRequest",
    "ChatResult",
    "FakeProvider",
    "LiteLLMProvider",
    "Provider",
    "ProviderError",
]


@dataclass
class ChatRequest:
    stage: str
    messages: list[dict[str, str]]
    schema_name: str
    json_schema: dict[str, Any]
    mode: ResponseMode
    max_tokens: int
    timeout: float  # seconds to the first token (the whole answer when not streaming)
    idle_timeout: float = 30.0  # seconds without a token once the answer has begun
    on_tokens: Callable[[int], None] | None = None  # told of tokens as they arrive


@dataclass
class ChatResult:
    content: str
    finish_reason: str | None
    refusal: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    seconds: float = 0.0


class Provider(Protocol):
    name: str

    def default_mode(self) -> ResponseMode: ...

    def constrained(self) -> bool: ...

    async def complete(self, request: ChatRequest) -> ChatResult: ...


class LiteLLMProvider:
    """Calls any model litellm supports; litellm's own retries are off, ours is the only layer."""

    def __init__(self, settings: LLMSettings) -> None:
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        self.settings = settings
        self.name = settings.model
        self.route: Route = route(settings)
        self.streaming = settings.stream  # off for the run once a server ignores `stream: true`

    def default_mode(self) -> ResponseMode:
        return default_mode(self.route.wire)

    def constrained(self) -> bool:
        """The server holds the answer to the schema itself, so the schema stays out of the prompt."""
        return self.route.constrained

    def request_kwargs(self, request: ChatRequest) -> dict[str, Any]:
        """litellm's keyword arguments for one call, shaped for this server."""
        kwargs: dict[str, Any] = {
            "model": self.route.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
            "temperature": self.settings.temperature,
            # A backstop only: silence is timed by read_stream, which closes the request itself.
            "timeout": request.timeout + request.idle_timeout + 5,
            "num_retries": 0,
            "max_retries": 0,
            **response_options(
                self.route.wire, request.mode, request.schema_name, request.json_schema
            ),
        }
        if self.route.api_base:
            kwargs["api_base"] = self.route.api_base
        if self.settings.api_key:
            kwargs["api_key"] = self.settings.api_key
        if self.streaming:
            kwargs["stream"] = True
            # litellm strips token counts from streamed chunks unless this is asked, for every provider
            kwargs["stream_options"] = {"include_usage": True}
        else:
            kwargs["timeout"] = request.timeout
        return kwargs

    async def complete(self, request: ChatRequest) -> ChatResult:
        import litellm  # imported only when a model is used, so the offline path stays fast

        litellm.suppress_debug_info = True  # no "Give Feedback" banners on the user's terminal
        warnings.filterwarnings(
            "ignore", message="Pydantic serializer warnings", category=UserWarning
        )
        kwargs = self.request_kwargs(request)
        started = time.perf_counter()
        try:
            if self.streaming:
                streamed = await read_stream(
                    lambda: litellm.acompletion(**kwargs),
                    first_token_timeout=request.timeout,
                    idle_timeout=request.idle_timeout,
                    on_tokens=request.on_tokens,
                )
                if not streamed.chunks and not streamed.refusal and streamed.finish_reason in QUIET:
                    # Nothing litellm could read as a stream (a server or proxy that ignores
                    # `stream: true` and sends one JSON body): ask again whole, and stop streaming.
                    self.streaming = False
                    return await self.complete(request)
                return ChatResult(
                    content=streamed.content,
                    finish_reason=streamed.finish_reason,
                    refusal=streamed.refusal,
                    tokens_in=streamed.tokens_in,
                    tokens_out=streamed.tokens_out or streamed.chunks,
                    cost_usd=self._cost(streamed.tokens_in, streamed.tokens_out),
                    seconds=time.perf_counter() - started,
                )
            response = await litellm.acompletion(**kwargs)
        except ProviderError:
            raise
        except Exception as exc:  # litellm maps every provider's errors onto its own classes
            raise classify(exc) from exc
        return self._whole(response, started)

    def _whole(self, response: Any, started: float) -> ChatResult:
        """A non-streamed answer (SCORECARD_STREAM=0)."""
        choice = response.choices[0]
        message = choice.message
        usage = getattr(response, "usage", None)
        refusal = getattr(message, "refusal", None) or (message.provider_specific_fields or {}).get(
            "refusal"
        )
        tokens_in = getattr(usage, "prompt_tokens", 0) or 0
        tokens_out = getattr(usage, "completion_tokens", 0) or 0
        return ChatResult(
            content=message.content or "",
            finish_reason=choice.finish_reason,
            refusal=refusal,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=self._cost(tokens_in, tokens_out),
            seconds=time.perf_counter() - started,
        )

    def _cost(self, tokens_in: int, tokens_out: int) -> float | None:
        """The price where litellm knows the model; a local model has none, and that is fine."""
        import litellm

        if self.route.wire not in {"openai", "anthropic"}:
            return None  # a model on your own server has no price, whatever its name
        try:
            prompt, completion = litellm.cost_per_token(
                model=self.route.model, prompt_tokens=tokens_in, completion_tokens=tokens_out
            )
        except Exception:  # unknown model or price: cost is optional provenance
            return None
        return float(prompt + completion)


@dataclass
class FakeProvider:
    """Replays queued replies (text or ProviderError) and records every request, for tests."""

    replies: list[ChatResult | ProviderError | Callable[[ChatRequest], ChatResult]] = field(
        default_factory=list
    )
    mode: ResponseMode = "json_schema"
    name: str = "fake/model"
    requests: list[ChatRequest] = field(default_factory=list)

    def default_mode(self) -> ResponseMode:
        return self.mode

    def constrained(self) -> bool:
        return False

    async def complete(self, request: ChatRequest) -> ChatResult:
        self.requests.append(request)
        if not self.replies:
            raise ProviderError("other", "the fake provider has no reply queued")
        reply = self.replies.pop(0)
        if isinstance(reply, ProviderError):
            raise reply
        return reply(request) if callable(reply) else reply
