"""One way to reach a model: a small provider interface, the litellm provider, and a test fake."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from generator.settings import LLMSettings

ResponseMode = Literal["json_schema", "json_object", "prompt"]


@dataclass
class ChatRequest:
    stage: str
    messages: list[dict[str, str]]
    schema_name: str
    json_schema: dict[str, Any]
    mode: ResponseMode
    max_tokens: int
    timeout: float


@dataclass
class ChatResult:
    content: str
    finish_reason: str | None
    refusal: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    seconds: float = 0.0


class ProviderError(Exception):
    """A failed call, classified so that the retry layer knows what to do."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind  # rate_limit | server | timeout | connection | bad_request | auth | other
        self.retry_after = retry_after
        self.status = status


class Provider(Protocol):
    name: str

    def default_mode(self) -> ResponseMode: ...

    async def complete(self, request: ChatRequest) -> ChatResult: ...


class LiteLLMProvider:
    """Calls any model litellm supports; litellm's own retries are off, ours is the only layer."""

    def __init__(self, settings: LLMSettings) -> None:
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        self.settings = settings
        self.name = settings.model

    def default_mode(self) -> ResponseMode:
        # Anthropic has no json_object mode; the schema goes in the prompt and is validated here.
        return "prompt" if self.name.startswith("anthropic/") else "json_schema"

    async def complete(self, request: ChatRequest) -> ChatResult:
        import litellm  # imported only when a model is used, so the offline path stays fast

        litellm.suppress_debug_info = True  # no "Give Feedback" banners on the user's terminal
        warnings.filterwarnings(
            "ignore", message="Pydantic serializer warnings", category=UserWarning
        )

        kwargs: dict[str, Any] = {
            "model": self.settings.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
            "temperature": self.settings.temperature,
            "timeout": request.timeout,
            "num_retries": 0,
            "max_retries": 0,
        }
        if self.settings.api_base:
            kwargs["api_base"] = self.settings.api_base
        if self.settings.api_key:
            kwargs["api_key"] = self.settings.api_key
        if request.mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema_name,
                    "schema": request.json_schema,
                    "strict": False,
                },
            }
        elif request.mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        started = time.perf_counter()
        try:
            response = await litellm.acompletion(**kwargs)
        except Exception as exc:  # litellm maps every provider's errors onto its own classes
            raise classify(exc) from exc
        choice = response.choices[0]
        message = choice.message
        usage = getattr(response, "usage", None)
        try:
            cost = float(litellm.completion_cost(completion_response=response))
        except Exception:  # unknown model or price: cost is optional provenance
            cost = None
        refusal = getattr(message, "refusal", None) or (message.provider_specific_fields or {}).get(
            "refusal"
        )
        return ChatResult(
            content=message.content or "",
            finish_reason=choice.finish_reason,
            refusal=refusal,
            tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
            tokens_out=getattr(usage, "completion_tokens", 0) or 0,
            cost_usd=cost,
            seconds=time.perf_counter() - started,
        )


def classify(exc: Exception) -> ProviderError:
    """Turn a litellm exception into a ProviderError with a kind and any Retry-After."""
    import litellm

    status = getattr(exc, "status_code", None)
    response = getattr(exc, "response", None)
    headers = (
        getattr(response, "headers", None) or getattr(exc, "litellm_response_headers", None) or {}
    )
    retry_after = _retry_after(headers)
    message = str(exc).splitlines()[0][:300]
    if isinstance(exc, litellm.RateLimitError) or status == 429:
        return ProviderError("rate_limit", message, retry_after=retry_after, status=429)
    if isinstance(exc, litellm.Timeout):
        return ProviderError("timeout", message)
    if isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError):
        return ProviderError("auth", message, status=status)
    if isinstance(exc, litellm.BadRequestError) or status in (400, 404, 422):
        return ProviderError("bad_request", message, status=status)
    if isinstance(exc, litellm.APIConnectionError) and not status:
        return ProviderError("connection", message)
    if (
        status
        and status >= 500
        or isinstance(exc, litellm.InternalServerError | litellm.ServiceUnavailableError)
    ):
        return ProviderError("server", message, status=status)
    return ProviderError("other", message, status=status)


def _retry_after(headers: Any) -> float | None:
    try:
        value = headers.get("retry-after") or headers.get("Retry-After")
    except AttributeError:
        return None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


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

    async def complete(self, request: ChatRequest) -> ChatResult:
        self.requests.append(request)
        if not self.replies:
            raise ProviderError("other", "the fake provider has no reply queued")
        reply = self.replies.pop(0)
        if isinstance(reply, ProviderError):
            raise reply
        return reply(request) if callable(reply) else reply
