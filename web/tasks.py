"""Background generation with huey: SQLite storage by default, Redis when REDIS_URL is set.

A job is claimed atomically, its progress is written as a heartbeat, and its scorecard is saved in
the same transaction that marks it done. A job whose worker died (no heartbeat) is enqueued again
by the recovery task, and its rerun cannot create a second scorecard.
"""

from __future__ import annotations

import logging

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy.engine import Engine

from generator.errors import ScorecardError
from generator.options import GenerationOptions
from generator.progress import STAGES, ProgressEvent
from generator.settings import LLMSettings
from web import store
from web.config import WebSettings
from web.db import session_scope
from web.models import JobStatus, ScorecardRecord
from web.store.regenerations import (
    claim_regeneration,
    finish_regeneration,
    get_regeneration,
    unfinished_regenerations,
)

log = logging.getLogger(__name__)
STALE_SECONDS = 120
UNEXPECTED = (
    "Something went wrong while generating this scorecard. Try again; your job description is kept."
)


def build_queue(settings: WebSettings, engine: Engine, *, immediate: bool = False) -> Huey:
    """The huey instance with the generation and recovery tasks registered on it."""
    if settings.redis_url:
        huey: Huey = RedisHuey("scorecard", url=settings.redis_url, immediate=immediate)
    else:
        huey = SqliteHuey(
            "scorecard", filename=str(settings.instance_path / "queue.sqlite3"), immediate=immediate
        )

    @huey.task(name="generate_scorecard")
    def generate_task(job_id: str) -> None:
        run_generation(engine, job_id)

    @huey.task(name="regenerate_part")
    def regenerate_task(job_id: str) -> None:
        run_regeneration(engine, job_id)

    @huey.periodic_task(crontab(minute="*"), name="recover_jobs")
    def recover_task() -> None:
        recover_jobs(engine, generate_task, regenerate_task)

    @huey.on_startup()
    def _recover_on_start() -> None:
        recover_jobs(engine, generate_task, regenerate_task)

    huey.generate_task = generate_task  # type: ignore[attr-defined]
    huey.regenerate_task = regenerate_task  # type: ignore[attr-defined]
    return huey


def recover_jobs(  # type: ignore[no-untyped-def]
    engine: Engine, generate_task, regenerate_task=None, *, stale_seconds: int = STALE_SECONDS
) -> list[str]:
    """Enqueue jobs that are waiting, or whose worker stopped sending heartbeats."""
    with session_scope(engine) as session:
        job_ids = store.unfinished_jobs(session, stale_seconds=stale_seconds)
        rewrite_ids = (
            unfinished_regenerations(session, stale_seconds=stale_seconds)
            if regenerate_task
            else []
        )
    for job_id in job_ids:
        generate_task(job_id)
    for job_id in rewrite_ids:
        regenerate_task(job_id)
    if job_ids or rewrite_ids:
        log.info("re-enqueued %d unfinished job(s)", len(job_ids) + len(rewrite_ids))
    return job_ids + rewrite_ids


def run_generation(engine: Engine, job_id: str, *, stale_seconds: int = STALE_SECONDS) -> None:
    """Run one generation job to the end: a saved scorecard, or a failure message; never both, never twice."""
    with session_scope(engine) as session:
        if not store.claim_job(session, job_id=job_id, stale_seconds=stale_seconds):
            return  # done, failed, or being run by a live worker
        job = store.get_job(session, job_id=job_id)
        jd = store.get_job_description(session, jd_id=job.job_description_id) if job else None
    if job is None or jd is None:
        return

    def progress(event: ProgressEvent) -> None:
        with session_scope(engine) as s:
            store.update_progress(
                s,
                job_id=job_id,
                stage=event.message,
                progress=int(100 * (event.step - 1) / len(STAGES)),
            )

    try:
        from generator.engines import generate

        settings = LLMSettings.from_env(model=job.model)
        scorecard = generate(
            jd.text, GenerationOptions.model_validate(job.options), settings, progress=progress
        )
    except ScorecardError as exc:
        _fail(engine, job_id, str(exc))
        return
    except Exception:
        log.exception("generation job %s failed unexpectedly", job_id)
        _fail(engine, job_id, UNEXPECTED)
        return
    with session_scope(engine) as session:
        record = store.finish_job(session, job=job, scorecard=scorecard)
        store.audit(
            session,
            user=None,
            action="scorecard.generated",
            object_type="scorecard",
            object_id=record.id,
            detail=f"job {job_id}",
            lineage_id=record.lineage_id,
        )


def _fail(engine: Engine, job_id: str, message: str) -> None:
    with session_scope(engine) as session:
        store.fail_job(session, job_id=job_id, error=message)


def run_regeneration(engine: Engine, job_id: str, *, stale_seconds: int = STALE_SECONDS) -> None:
    """Rewrite one part of a scorecard; the result is stored as a proposal, never saved as a version."""
    with session_scope(engine) as session:
        if not claim_regeneration(session, job_id=job_id, stale_seconds=stale_seconds):
            return
        job = get_regeneration(session, job_id=job_id)
        record = session.get(ScorecardRecord, job.scorecard_id) if job else None
    if job is None or record is None:
        log.error("regeneration %s or its scorecard is missing", job_id)
        return
    try:
        from generator.regenerate import regenerate_part
        from generator.schema import Scorecard

        settings = LLMSettings.from_env(model=job.model)
        card = regenerate_part(
            Scorecard.model_validate(record.data),
            job.part,
            instruction=job.instruction or None,
            settings=settings,
        )
    except ScorecardError as exc:
        message = str(exc)
        with session_scope(engine) as session:
            finish_regeneration(session, job_id=job_id, status=JobStatus.failed, error=message)
        return
    except Exception:
        log.exception("regeneration %s failed unexpectedly", job_id)
        with session_scope(engine) as session:
            finish_regeneration(
                session,
                job_id=job_id,
                status=JobStatus.failed,
                error="Something went wrong while rewriting this part. Try again; "
                "the scorecard is unchanged.",
            )
        return
    with session_scope(engine) as session:
        finish_regeneration(
            session, job_id=job_id, status=JobStatus.succeeded, proposal=card.to_json_dict()
        )
