"""The front door: generate with the offline engine or a model, as configured, through the cache."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from generator.cache import ResultCache, cache_key
from generator.offline.pipeline import generate_scorecard
from generator.options import GenerationOptions
from generator.progress import ProgressCallback, no_progress
from generator.schema import Scorecard
from generator.settings import LLMSettings

if TYPE_CHECKING:
    from generator.llm.provider import Provider


def generate(
    job_description: str,
    options: GenerationOptions | None = None,
    settings: LLMSettings | None = None,
    *,
    progress: ProgressCallback = no_progress,
    use_cache: bool = True,
    refresh: bool = False,
    provider: Provider | None = None,
    cancel: threading.Event | None = None,
) -> Scorecard:
    """Generate a scorecard with the configured engine.

    Args:
        job_description: plain text from `read_job_description`.
        options: the recruiter's options.
        settings: model and limits; None reads them from the environment.
        use_cache: look up and store LLM results (the offline engine is fast and never cached).
        refresh: ignore a cached result and generate again.
        cancel: set from another thread to stop the run and its model calls (RunCancelledError).

    Raises:
        ScorecardError: any generation failure, with a sentence for the user.
    """
    options = options or GenerationOptions()
    settings = settings or LLMSettings.from_env()
    if settings.offline:
        return generate_scorecard(job_description, options, progress=progress)
    from generator.llm.pipeline import generate_scorecard_llm
    from generator.llm.prompts import prompt_version

    cache = ResultCache(settings.cache_path) if use_cache else None
    key = cache_key(job_description, options, settings, prompt_version())
    if cache and not refresh and (hit := cache.get(key)) is not None:
        return hit
    from generator.llm.cancel import run_cancellable

    scorecard = asyncio.run(
        run_cancellable(
            generate_scorecard_llm(
                job_description,
                options,
                settings,
                provider=provider,  # type: ignore[arg-type]
                progress=progress,
            ),
            cancel,
        )
    )
    if cache:
        cache.put(key, scorecard)
    return scorecard
