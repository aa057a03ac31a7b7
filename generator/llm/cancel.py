"""Stop a model run from another thread: a worker that lost its job's lease must stop calling the model."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from generator.errors import RunCancelledError

T = TypeVar("T")
POLL_SECONDS = 0.2


async def run_cancellable(
    work: Coroutine[Any, Any, T], cancel: threading.Event | None, *, poll: float = POLL_SECONDS
) -> T:
    """Await `work`, cancelling it (and its in-flight HTTP requests) within `poll` s of `cancel` being set.

    Raises:
        RunCancelledError: `cancel` was set before `work` finished.
    """
    if cancel is None:
        return await work
    task = asyncio.ensure_future(work)
    while not task.done():
        if cancel.is_set():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            raise RunCancelledError(
                "This run was stopped because another worker took the job over; nothing was saved."
            )
        await asyncio.wait({task}, timeout=poll)
    return task.result()
