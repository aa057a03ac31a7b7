"""Structured output that holds up: one retry layer, schema fallback, re-asks, deadline and call budget."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import (
    GenerationError,
    ModelOutputError,
    ModelRefusalError,
    ModelTimeoutError,
    ModelUnavailableError,
)
from generator.llm.prompts import render
from generator.llm.provider import ChatRequest, ChatResult, Provider, ProviderError, ResponseMode
from generator.schema import StageRecord
from generator.settings import LLMSettings

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
MAX_REASKS = 2
wait = asyncio.sleep  # the pause between attempts; tests replace it to see the delays asked for
clock = time.monotonic  # the deadline's clock; tests replace it to move time on
RETRYABLE = {"rate_limit", "server", "timeout", "connection"}
REFUSAL_REASONS = {"content_filter", "refusal"}


@dataclass
class RunContext:
    """Shared by every call of one scorecard: limits, counters and the provider's response mode."""

    settings: LLMSettings
    provider: Provider
    started: float = field(default_factory=lambda: clock())
    calls: int = 0
    mode: ResponseMode | None = None
    stages: dict[str, StageRecord] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)
    semaphore: asyncio.Semaphore | None = None

    def remaining(self) -> float:
        return self.settings.deadline_seconds - (clock() - self.started)

    def record(self, stage: str, result: ChatResult | None, attempts: int = 1) -> None:
        rec = self.stages.setdefault(stage, StageRecord(stage=stage))
        rec.attempts += attempts
        if result is not None:
            rec.calls += 1
            rec.seconds = round(rec.seconds + result.seconds, 4)
            rec.tokens_in += result.tokens_in
            rec.tokens_out += result.tokens_out
            if result.cost_usd is not None:
                rec.cost_usd = round((rec.cost_usd or 0.0) + result.cost_usd, 6)


async def ask(
    ctx: RunContext,
    *,
    stage: str,
    template: str,
    model: type[T],
    check: Callable[[T], list[str]] | None = None,
    **variables: object,
) -> T:
    """Ask the model for one stage's answer and return it validated.

    Args:
        ctx: the run's shared limits and counters.
        stage: name recorded in provenance (e.g. "detail:customer-advocacy").
        template: prompt file in prompts/ for the user message.
        model: pydantic model the answer must validate against.
        check: extra rules returning error sentences; errors are sent back for a re-ask.

    Raises:
        ModelRefusalError, ModelTimeoutError, ModelUnavailableError, ModelOutputError.
    """
    schema = model.model_json_schema()
    system = render("system", stage=stage.split(":")[0])
    user = render(template, **variables)
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    max_tokens = ctx.settings.max_tokens
    reasks = 0
    while True:
        result = await _call(ctx, stage, messages, model.__name__, schema, max_tokens)
        if result.refusal or result.finish_reason in REFUSAL_REASONS:
            raise ModelRefusalError(
                "The model declined to write this scorecard. Check the job description for content it may "
                "refuse, or choose another model; the job description you entered is kept."
            )
        if result.finish_reason == "length":
            # Never repair a cut-off answer: ask again with room for the whole answer, once.
            if max_tokens * 2 <= 32768 and reasks <= MAX_REASKS:
                max_tokens *= 2
                reasks += 1
                ctx.repairs.append(
                    f"{stage}: answer was cut off at the token limit; asked again with {max_tokens}"
                )
                continue
            raise ModelOutputError(
                "The model's answer was cut off at its length limit. Try fewer competencies or questions, "
                "or raise SCORECARD_MAX_TOKENS."
            )
        errors, draft = _validate(result.content, model, check)
        if draft is not None:
            return draft
        if reasks >= MAX_REASKS:
            log.warning("stage %s: invalid output after %d re-asks: %s", stage, reasks, errors[:3])
            raise ModelOutputError(
                "The model kept returning answers that do not fit the scorecard format. Try again, or choose "
                "a stronger model; nothing was saved."
            )
        reasks += 1
        messages = [
            *messages,
            {"role": "assistant", "content": result.content[:20000]},
            {"role": "user", "content": render("reask", errors=errors[:12])},
        ]


def _validate(
    content: str, model: type[T], check: Callable[[T], list[str]] | None
) -> tuple[list[str], T | None]:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [
            f"the answer is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ], None
    try:
        draft = model.model_validate(data)
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()
        ], None
    errors = check(draft) if check else []
    return (errors, None) if errors else ([], draft)


async def _call(
    ctx: RunContext,
    stage: str,
    messages: list[dict[str, str]],
    name: str,
    schema: dict,
    max_tokens: int,
) -> ChatResult:
    """One logical call with the only retry layer: backoff, Retry-After, schema fallback, deadline."""
    attempt = 0
    while True:
        mode = ctx.mode or ctx.provider.default_mode()
        sent = messages
        if mode != "json_schema":
            sent = [
                *messages[:-1],
                {
                    "role": messages[-1]["role"],
                    "content": render(
                        "schema_in_prompt",
                        message=messages[-1]["content"],
                        schema=json.dumps(schema),
                    ),
                },
            ]
        attempt += 1
        try:
            result = await _send(
                ctx,
                ChatRequest(
                    stage=stage,
                    messages=sent,
                    schema_name=name,
                    json_schema=schema,
                    mode=mode,
                    max_tokens=max_tokens,
                    timeout=ctx.settings.timeout_seconds,
                ),
            )
        except TimeoutError:
            error = ProviderError("timeout", "the call did not finish in time")
        except ProviderError as exc:
            error = exc
        else:
            ctx.record(stage, result, attempts=attempt)
            if ctx.remaining() <= 0:
                raise _deadline_error(ctx)
            return result
        log.info("stage %s attempt %d failed: %s (%s)", stage, attempt, error.kind, error)
        if mode == "json_schema" and error.kind in {"bad_request", "server"} and ctx.mode is None:
            # Some OpenAI-compatible servers reject json_schema, even with a 500; use json_object from now on.
            ctx.mode = "json_object"
            ctx.repairs.append(
                f"{stage}: server refused json_schema ({error.status}); switched to json_object"
            )
            attempt -= 1
            continue
        if error.kind not in RETRYABLE:
            raise ModelUnavailableError(_failure_sentence(error)) from error
        if attempt >= ctx.settings.max_attempts:
            cls = ModelTimeoutError if error.kind == "timeout" else ModelUnavailableError
            raise cls(_failure_sentence(error)) from error
        delay = (
            error.retry_after
            if error.retry_after is not None
            else min(8.0, 0.5 * 2 ** (attempt - 1))
        )
        delay = delay + random.uniform(0, 0.1) if error.retry_after is None else delay
        if delay >= ctx.remaining():
            raise ModelTimeoutError(
                "The model asked us to wait past the deadline. Try again later; nothing was saved."
            )
        await wait(delay)


async def _send(ctx: RunContext, request: ChatRequest) -> ChatResult:
    """Make one HTTP call once a concurrency slot is free, if the deadline and call budget allow."""
    async with ctx.semaphore or contextlib.nullcontext():
        remaining = ctx.remaining()
        if remaining <= 0:
            raise _deadline_error(ctx)
        if ctx.calls >= ctx.settings.max_calls:
            raise GenerationError(
                f"Generation needed more than {ctx.settings.max_calls} model calls and was stopped; nothing was saved."
            )
        ctx.calls += 1
        request.timeout = min(request.timeout, remaining)
        return await asyncio.wait_for(ctx.provider.complete(request), timeout=request.timeout + 1)


def _deadline_error(ctx: RunContext) -> ModelTimeoutError:
    return ModelTimeoutError(
        f"Generation passed its {ctx.settings.deadline_seconds:.0f}-second deadline. Try again later or "
        "raise SCORECARD_DEADLINE; nothing was saved."
    )


def _failure_sentence(error: ProviderError) -> str:
    return {
        "rate_limit": "The model's service is rate-limiting requests. Wait a minute and try again; nothing was saved.",
        "server": "The model's service returned errors. Try again later; nothing was saved.",
        "timeout": "The model did not answer in time. Try again, or raise SCORECARD_TIMEOUT; nothing was saved.",
        "connection": "Could not reach the model's service. Check SCORECARD_API_BASE and your network; nothing was saved.",
        "auth": "The model's service rejected the API key. Check the provider key in your environment.",
        "bad_request": "The model's service rejected the request. Check SCORECARD_MODEL; nothing was saved.",
    }.get(error.kind, "The model call failed. Try again later; nothing was saved.")
