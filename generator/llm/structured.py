"""Structured output that holds up: validated answers, re-asks with the errors, cut-off answers asked again."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ModelOutputError, ModelRefusalError
from generator.llm.context import RunContext
from generator.llm.prompts import render
from generator.llm.retry import call

__all__ = ["RunContext", "ask"]
log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
MAX_REASKS = 2
REFUSAL_REASONS = {"content_filter", "refusal"}


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
        result = await call(ctx, stage, messages, model.__name__, schema, max_tokens)
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
                f"The model's answer was cut off at {max_tokens} tokens even after asking again with more "
                f"room, so raise SCORECARD_MAX_TOKENS (now {ctx.settings.max_tokens}) or ask for fewer "
                "competencies or questions; nothing was saved."
            )
        errors, draft = _validate(result.content, model, check)
        if draft is not None:
            return draft
        if reasks >= MAX_REASKS:
            # info, not warning: the user gets one line, the error below; -v logs show the detail
            log.info("stage %s: invalid output after %d re-asks: %s", stage, reasks, errors[:3])
            raise ModelOutputError(
                f"The model kept returning answers that do not fit the scorecard format ({errors[0][:100]}), "
                "so try again or choose a stronger model; nothing was saved."
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
