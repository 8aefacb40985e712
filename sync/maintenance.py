"""Housekeeping loop, one per process: purge tombstones past the horizon once a day.

A device whose cursor lies below a purged tombstone gets an explicit reset at its next
pull (docs/sync-protocol.md). Several processes purging is harmless: the purge is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from base.clock import Clock
from sync import store

log = logging.getLogger("carefolio.sync.maintenance")

TOMBSTONE_HORIZON = timedelta(days=90)
PERIOD_SECONDS = 24 * 3600
FIRST_RUN_DELAY_SECONDS = 60


async def purge_once(now: datetime, horizon: timedelta = TOMBSTONE_HORIZON) -> int:
    async with in_transaction("default") as conn:
        purged = await store.purge_tombstones(conn, now - horizon)
    if purged:
        log.info("purged tombstones", extra={"count": purged})
    return purged


async def _loop(clock: Clock) -> None:
    await asyncio.sleep(FIRST_RUN_DELAY_SECONDS)
    while True:
        try:
            await purge_once(clock())
        except Exception:  # noqa: BLE001 - housekeeping must never stop the server
            log.exception("tombstone purge failed; will retry tomorrow")
        await asyncio.sleep(PERIOD_SECONDS)


async def start(clock: Clock) -> Callable[[], Awaitable[None]]:
    task = asyncio.create_task(_loop(clock), name="carefolio-sync-maintenance")

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return stop
