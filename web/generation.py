"""Start a generation from the web form or the API: validate, store the JD, queue the job."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from generator.errors import ConfigurationError, InputError
from generator.intake import check_text, read_job_description
from generator.options import GenerationOptions
from generator.posting import parse_posting
from generator.settings import LLMSettings
from web import store
from web.context import db, extension
from web.hardening import FieldError
from web.models import GenerationJob, User

log = logging.getLogger(__name__)
__all__ = [
    "FieldError",
    "available_models",
    "job_description_text",
    "parse_options",
    "start_generation",
]
OPTION_FIELDS = ("company", "values", "competencies", "questions", "minutes", "seniority")


def available_models() -> list[str]:
    """The engines a user may choose: offline always, plus the configured model if there is one."""
    try:
        configured = LLMSettings.from_env().model
    except ConfigurationError:
        log.exception("the model settings are invalid; offering the offline engine only")
        return ["offline"]
    return ["offline"] if configured == "offline" else ["offline", configured]


def parse_options(raw: dict[str, Any]) -> GenerationOptions:
    """The generation options, checked; the first problem is a FieldError naming its field."""
    values = {k: raw[k] for k in OPTION_FIELDS if raw.get(k) not in (None, "")}
    try:
        return GenerationOptions.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "options"
        raise FieldError(field, error["msg"].removeprefix("Value error, ")) from None


def job_description_text(*, text: str | None, upload: bytes | None, filename: str | None) -> str:
    """The pasted or uploaded job description as checked text; FieldError says what is wrong."""
    max_chars = extension()["settings"].max_jd_chars
    try:
        if upload:
            return read_job_description(
                upload, filename=filename or "upload.txt", max_chars=max_chars
            )
        return check_text(text or "", max_chars=max_chars)
    except InputError as exc:
        raise FieldError("job_description", str(exc)) from None


def start_generation(
    *,
    user: User,
    text: str,
    filename: str | None,
    options: GenerationOptions,
    model: str = "offline",
) -> GenerationJob:
    """Store the JD, create the job and enqueue it (after the commit, so the worker can see it)."""
    if model not in available_models():
        raise FieldError("model", f"Model '{model}' is not configured on this server.")
    session = db()
    title = parse_posting(text).title
    job = store.create_generation(
        session,
        owner=user,
        text=text,
        title=title,
        filename=filename,
        options=options.model_dump(),
        model=model,
    )
    store.audit(
        session, user=user, action="job.create", object_type="job", object_id=job.id, detail=title
    )
    session.commit()
    extension()["queue"].generate_task(job.id)
    return job
