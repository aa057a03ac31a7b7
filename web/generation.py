"""Start a generation from the web form or the API: validate, store the JD, queue the job."""

from __future__ import annotations

import logging
import re
from typing import Any

from pydantic import ValidationError

from generator.errors import ConfigurationError, InputError
from generator.intake import read_job_description
from generator.options import GenerationOptions
from generator.posting import parse_posting
from generator.settings import LLMSettings
from web import store
from web.context import db, extension
from web.hardening import FieldError
from web.models import GenerationJob, User
from web.store.jobs import RepeatedRequest

log = logging.getLogger(__name__)
__all__ = [
    "FieldError",
    "KeyReused",
    "available_models",
    "idempotency_key",
    "job_description_text",
    "max_jd_chars",
    "parse_options",
    "start_generation",
]
_KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
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
        raise FieldError(field, sentence(error["msg"].removeprefix("Value error, "))) from None


def sentence(message: str) -> str:
    """A message as a user sees it: starting with a capital letter and ending with a full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


def job_description_text(*, text: str | None, upload: bytes | None, filename: str | None) -> str:
    """The pasted or uploaded job description as checked text; FieldError says what is wrong.

    Pasted and uploaded text take the same path, so pasted HTML is converted exactly as an
    uploaded .html file is, and text over the limit is refused, never cut.
    """
    max_chars = max_jd_chars()
    try:
        if upload:
            return read_job_description(
                upload, filename=filename or "upload.txt", max_chars=max_chars
            )
        return read_job_description(text or "", max_chars=max_chars)
    except InputError as exc:
        raise FieldError("job_description", sentence(str(exc))) from None


def max_jd_chars() -> int:
    """The longest job description this server accepts, in characters of text."""
    return int(extension()["settings"].max_jd_chars)


def idempotency_key(value: str | None, *, field: str) -> str | None:
    """A client's idempotency key, checked (None when none was sent)."""
    if value is None or value == "":
        return None
    if not _KEY.fullmatch(value):
        raise FieldError(
            field, "Use 1 to 64 letters, digits, '-', '_', '.' or ':' as the idempotency key."
        )
    return value


def start_generation(
    *,
    user: User,
    text: str,
    filename: str | None,
    options: GenerationOptions,
    model: str = "offline",
    key: str | None = None,
) -> GenerationJob:
    """Store the JD, create the job and enqueue it (after the commit, so the worker can see it).

    With an idempotency `key` the user already used for the same request, the first job is
    returned and nothing is queued; used for a different request, KeyReused is raised.
    """
    if model not in available_models():
        raise FieldError("model", f"Model '{model}' is not configured on this server.")
    session = db()
    title = parse_posting(text).title
    try:
        job = store.create_generation(
            session,
            owner=user,
            text=text,
            title=title,
            filename=filename,
            options=options.model_dump(),
            model=model,
            idempotency_key=key,
        )
    except RepeatedRequest as repeat:
        if not _same_request(
            repeat.job, text=text, filename=filename, options=options, model=model
        ):
            raise KeyReused(repeat.job.id) from None
        log.info("repeated request for job %s answered with the first job", repeat.job.id)
        return repeat.job
    store.audit(
        session, user=user, action="job.create", object_type="job", object_id=job.id, detail=title
    )
    session.commit()
    extension()["queue"].generate_task(job.id)
    return job


class KeyReused(FieldError):
    """The idempotency key already started a job from a different request."""

    def __init__(self, job_id: str) -> None:
        super().__init__(
            "idempotency_key",
            f"This idempotency key was already used for a different request (job {job_id}); "
            "send a new key to start another generation.",
        )
        self.job_id = job_id


def _same_request(
    job: GenerationJob, *, text: str, filename: str | None, options: GenerationOptions, model: str
) -> bool:
    """Whether a repeated request asks for exactly what the job it repeats was started with."""
    jd = store.get_job_description(db(), jd_id=job.job_description_id)
    stored = GenerationOptions.model_validate(job.options)
    return (
        jd is not None
        and jd.text == text
        and (jd.filename or None) == (filename or None)
        and stored == options
        and job.model == model
    )
