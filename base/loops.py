"""Background loops that stop when asked, even when a library swallowed the request.

On Python 3.11, `asyncio.wait_for` returns its inner result when a cancel arrives in the same
turn as the inner wait completes, and the cancel is lost; libraries use it for their timeouts
(aiosmtplib, aiohttp). A loop that went on to sleep its interval then held the app's shutdown
for that long (an hour for the mail loop). The task still knows it was asked to stop
(`Task.cancelling()`), so each loop checks between turns."""

from __future__ import annotations

import asyncio


def stop_if_asked() -> None:
    """Raise CancelledError when this task was cancelled, whether or not anything raised it."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
