"""The only retry layer: backoff with jitter, Retry-After, the json_schema fallback, deadline and call budget."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random

from generator.errors import GenerationError, ModelTimeoutError, ModelUnavailableError
from generator.llm.context import RunContext, deadline_error
from generator.llm.errors import ProviderError, failure_sentence
from generator.llm.prompts import render
from generator.llm.provider import ChatRequest, ChatResult
from generator.llm.servers import ResponseMode

log = logging.getLogger(__name__)
wait = asyncio.sleep  # the pause between attempts; tests replace it to see the delays asked for
RETRYABLE = {"rate_limit", "server", "timeout", "first_token", "idle", "connection", "refused"}


async def call(
    ctx: RunContext,
    stage: str,
    messages: list[dict[str, str]],
    name: str,
    schema: dict,
    max_tokens: int,
) -> ChatResult:
    """One logical call with the only retry layer: backoff with jitter, Retry-After, schema fallback.

    Every HTTP request counts as an attempt. The run leaves json_schema only when the server's own
    answer names it (a 4xx/5xx about json_schema, response_format or the schema), or when
    json_schema keeps failing with 5xx and one json_object call then works; one transient 500
    changes nothing.
    """
    attempt = failures = 0
    probing = False
    while True:
        mode: ResponseMode = "json_object" if probing else ctx.mode or ctx.provider.default_mode()
        attempt += 1
        try:
            result = await _send(
                ctx, _request(ctx, stage, messages, name, schema, max_tokens, mode)
            )
        except TimeoutError:
            error = ProviderError("timeout", "the call did not finish in time")
        except ProviderError as exc:
            error = exc
        else:
            ctx.record(stage, result, attempts=attempt)
            if probing and ctx.mode is None:
                ctx.mode = "json_object"
                ctx.repairs.append(
                    f"{stage}: json_schema failed {failures} times with server errors while json_object "
                    "worked; switched to json_object"
                )
            if ctx.remaining() <= 0:
                raise deadline_error(ctx)
            return result
        log.info("stage %s attempt %d failed: %s (%s)", stage, attempt, error.kind, error)
        if mode == "json_schema" and error.names_schema():
            if ctx.mode is None:
                ctx.mode = "json_object"
                ctx.repairs.append(
                    f"{stage}: server refused json_schema (HTTP {error.status}: "
                    f"{error.detail[:80]}); switched to json_object"
                )
            continue  # not a transient failure: ask again at once in the other shape
        failures += 1
        if error.kind not in RETRYABLE or failures >= _limit(ctx, error):
            if (
                error.kind == "server"
                and mode == "json_schema"
                and ctx.mode is None
                and not probing
                and not ctx.provider.constrained()
            ):
                probing = True  # json_schema fails every time: see whether json_object works
                continue
            ctx.record(stage, None, attempts=attempt)
            raise _failure(ctx, error, attempt) from error
        delay = _backoff(error, failures)
        if delay >= ctx.remaining():
            raise ModelTimeoutError(
                f"The model's service asked us to wait {delay:.0f} s, past the "
                f"{ctx.settings.deadline_seconds:g}-second deadline, so try again later or raise "
                "SCORECARD_DEADLINE; nothing was saved."
            )
        await wait(delay)


def _request(
    ctx: RunContext,
    stage: str,
    messages: list[dict[str, str]],
    name: str,
    schema: dict,
    max_tokens: int,
    mode: ResponseMode,
) -> ChatRequest:
    """The request for one attempt; the schema goes in the prompt unless the server enforces it."""
    sent = messages
    if mode != "json_schema":
        last = messages[-1]
        prompt = render("schema_in_prompt", message=last["content"], schema=json.dumps(schema))
        sent = [*messages[:-1], {"role": last["role"], "content": prompt}]
    return ChatRequest(
        stage=stage,
        messages=sent,
        schema_name=name,
        json_schema=schema,
        mode=mode,
        max_tokens=max_tokens,
        timeout=ctx.settings.timeout_seconds,
        idle_timeout=ctx.settings.idle_timeout_seconds,
        on_tokens=ctx.on_tokens,
    )


def _limit(ctx: RunContext, error: ProviderError) -> int:
    """Attempts for this kind of failure: a refused connection is asked twice, not five times."""
    return (
        min(2, ctx.settings.max_attempts) if error.kind == "refused" else ctx.settings.max_attempts
    )


def _backoff(error: ProviderError, failures: int) -> float:
    """Retry-After when the server gives one; else exponential backoff with jitter, so parallel
    calls that failed together do not all come back at the same moment."""
    if error.retry_after is not None:
        return error.retry_after
    ceiling = min(8.0, 0.5 * 2 ** (failures - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


async def _send(ctx: RunContext, request: ChatRequest) -> ChatResult:
    """Make one HTTP call once a concurrency slot is free, if the deadline and call budget allow.

    Waiting for a slot does not count against the call's timeouts: a local server that answers
    one request at a time is busy, not silent.
    """
    async with ctx.semaphore or contextlib.nullcontext():
        remaining = ctx.remaining()
        if remaining <= 0:
            raise deadline_error(ctx)
        if ctx.calls >= ctx.settings.max_calls:
            raise GenerationError(
                f"Generation needed more than {ctx.settings.max_calls} model calls and was stopped, "
                "so try again or raise SCORECARD_MAX_CALLS; nothing was saved."
            )
        ctx.calls += 1
        request.timeout = min(request.timeout, remaining)
        request.idle_timeout = min(request.idle_timeout, remaining)
        # Streaming answers are timed on silence inside the provider; the deadline bounds the rest.
        limit = remaining + 1 if ctx.settings.stream else request.timeout + 1
        return await asyncio.wait_for(ctx.provider.complete(request), timeout=limit)


def _failure(ctx: RunContext, error: ProviderError, attempts: int) -> GenerationError:
    """The error the user sees: one sentence naming the real cause and the fix."""
    from generator.llm.servers import route

    sentence = failure_sentence(error, route(ctx.settings), ctx.settings, attempts)
    if error.kind in {"timeout", "first_token", "idle"}:
        return ModelTimeoutError(sentence)
    return ModelUnavailableError(sentence)
