"""Background generation with huey: SQLite storage by default, Redis when REDIS_URL is set.

A run claims its job with a fresh lease and heartbeats from a side thread while it works, model
calls in flight included. Every write names the lease, so a run that another worker has taken
over can neither save nor keep calling the model: its heartbeat fails, which cancels it. A job
is tried at most MAX_ATTEMPTS times; any error while saving fails it with a sentence.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy.engine import Engine
from sqlmodel import Session

from generator.options import GenerationOptions
from generator.progress import STAGES, ProgressEvent
from generator.schema import Scorecard
from generator.settings import LLMSettings
from web import store
from web.config import WebSettings
from web.db import session_scope
from web.job_runs import HEARTBEAT_SECONDS, Lease
from web.models import GenerationJob, JobStatus, Regeneration, ScorecardRecord, utcnow
from web.store import accounts, leases
from web.store.regenerations import finish_regeneration, get_regeneration

log = logging.getLogger(__name__)
STALE_SECONDS = 30  # a running job with no heartbeat for this long is taken for dead
RECOVERY_SECONDS = 10.0  # how often a worker looks for orphaned jobs
MAX_ATTEMPTS = 3
UNEXPECTED = (
    "Something went wrong while generating this scorecard. Try again; your job description is kept."
)
SAVE_FAILED = (
    "The scorecard was generated but could not be saved. Try again; your job description is "
    "kept, and if it keeps happening give your admin the job id."
)
REWRITE_FAILED = (
    "Something went wrong while rewriting this part. Try again; the scorecard is unchanged."
)


NOTICE_AFTER_SECONDS = 20


def waiting_notice(job: GenerationJob) -> str | None:
    """A sentence for the progress page when no worker has started a job for a while."""
    created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=UTC)
    if job.status != JobStatus.queued or utcnow() - created < timedelta(
        seconds=NOTICE_AFTER_SECONDS
    ):
        return None
    return (
        "No worker has started this job yet. It starts as soon as one is free; if nothing "
        "happens within a few minutes, ask your admin to check that the background worker runs."
    )


def instance_id(engine: Engine) -> str:
    """This database's identity; workers listen on the queue named after it."""
    with session_scope(engine) as session:
        value = accounts.instance_id(session)
    if not value:
        raise RuntimeError("The database has no installation row; run `scorecard db-upgrade`.")
    return str(value)


def build_queue(settings: WebSettings, engine: Engine, *, immediate: bool = False) -> Huey:
    """The huey instance with the generation and recovery tasks registered on it.

    On Redis the queue is named after the database's identity, so a worker pointed at another
    database never takes (and loses) this service's jobs.
    """
    if settings.redis_url:
        name = f"scorecard-{instance_id(engine)[:12]}"
        huey: Huey = RedisHuey(name, url=settings.redis_url, immediate=immediate)
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
    def recover_task() -> None:  # a backstop; workers also run recover() every RECOVERY_SECONDS
        recover_jobs(engine, generate_task, regenerate_task)

    huey.generate_task = generate_task  # type: ignore[attr-defined]
    huey.regenerate_task = regenerate_task  # type: ignore[attr-defined]
    huey.recover = lambda: recover_jobs(engine, generate_task, regenerate_task)  # type: ignore[attr-defined]
    return huey


def recover_jobs(  # type: ignore[no-untyped-def]
    engine: Engine,
    generate_task,
    regenerate_task=None,
    *,
    stale_seconds: int = STALE_SECONDS,
    max_attempts: int = MAX_ATTEMPTS,
) -> list[str]:
    """Fail jobs out of attempts; enqueue jobs nobody took and jobs whose worker went quiet."""
    tables: list[tuple[type[GenerationJob] | type[Regeneration], object]] = [
        (GenerationJob, generate_task)
    ]
    if regenerate_task is not None:
        tables.append((Regeneration, regenerate_task))
    found: list[str] = []
    for table, task in tables:
        with session_scope(engine) as session:
            failed = leases.fail_exhausted(
                session, table, stale_seconds=stale_seconds, max_attempts=max_attempts
            )
            job_ids = leases.unfinished(session, table, stale_seconds=stale_seconds)
        for job_id in failed:
            log.error(
                "job %s stopped %d times without finishing; it was failed", job_id, max_attempts
            )
        for job_id in job_ids:
            task(job_id)  # type: ignore[operator]
        found += job_ids
    if found:
        log.info("re-enqueued %d unfinished job(s)", len(found))
    return found


def run_generation(
    engine: Engine,
    job_id: str,
    *,
    stale_seconds: int = STALE_SECONDS,
    max_attempts: int = MAX_ATTEMPTS,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> None:
    """Run one generation job to the end: a saved scorecard, or a failure message; never both, never twice."""
    with session_scope(engine) as session:
        job = store.get_job(session, job_id=job_id)
        if job is None:
            log.error(
                "generation job %s is not in this worker's database; check that the worker's "
                "DATABASE_URL is the web service's",
                job_id,
            )
            return
        lease = leases.claim(
            session,
            GenerationJob,
            job_id=job_id,
            stale_seconds=stale_seconds,
            max_attempts=max_attempts,
        )
        jd = store.get_job_description(session, jd_id=job.job_description_id)
    if lease is None or jd is None:
        return  # done, failed, out of attempts, or being run by a live worker
    with Lease(engine, GenerationJob, job_id, lease, interval=heartbeat_seconds) as run:

        def progress(event: ProgressEvent) -> None:
            run.write(stage=event.message[:120], progress=int(100 * (event.step - 1) / len(STAGES)))

        def work() -> Scorecard:
            from generator.engines import generate

            return generate(
                jd.text,
                GenerationOptions.model_validate(job.options),
                LLMSettings.from_env(model=job.model),
                progress=progress,
                cancel=run.cancel,
            )

        scorecard = run.attempt(work, UNEXPECTED)
        if scorecard is None:
            return

        def save(session: Session) -> None:
            record = store.finish_job(session, job=job, lease=lease, scorecard=scorecard)
            store.audit(
                session,
                user=None,
                action="scorecard.generated",
                object_type="scorecard",
                object_id=record.id,
                detail=f"job {job_id}",
                lineage_id=record.lineage_id,
            )

        run.save(save, SAVE_FAILED)


def run_regeneration(
    engine: Engine,
    job_id: str,
    *,
    stale_seconds: int = STALE_SECONDS,
    max_attempts: int = MAX_ATTEMPTS,
) -> None:
    """Rewrite one part of a scorecard; the result is stored as a proposal, never saved as a version."""
    with session_scope(engine) as session:
        job = get_regeneration(session, job_id=job_id)
        record = session.get(ScorecardRecord, job.scorecard_id) if job else None
        if job is None or record is None:
            log.error("regeneration %s or its scorecard is not in this worker's database", job_id)
            return
        lease = leases.claim(
            session,
            Regeneration,
            job_id=job_id,
            stale_seconds=stale_seconds,
            max_attempts=max_attempts,
            progress=10,
        )
    if lease is None:
        return
    with Lease(engine, Regeneration, job_id, lease) as run:

        def work() -> Scorecard:
            from generator.regenerate import regenerate_part

            return regenerate_part(
                Scorecard.model_validate(record.data),
                job.part,
                instruction=job.instruction or None,
                settings=LLMSettings.from_env(model=job.model),
                cancel=run.cancel,
            )

        card = run.attempt(work, REWRITE_FAILED)
        if card is not None:
            run.save(
                lambda session: finish_regeneration(
                    session, job_id=job_id, lease=lease, proposal=card.to_json_dict()
                ),
                REWRITE_FAILED,
            )
