"""Housekeeping loop, one per process: once a day, purge tombstones past the horizon and
remove uploads abandoned for `ABANDONED_AFTER_HOURS` (sync/storage/).

A device whose cursor lies below a purged tombstone gets an explicit reset at its next
pull (docs/sync-protocol.md). Several processes purging is harmless: the purge and the
sweep are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from base.clock import Clock
from base.loops import stop_if_asked
from sync import store
from sync.storage import Storage
from sync.storage.base import ABANDONED_AFTER_HOURS

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


async def sweep_once(storage: Storage, now: datetime) -> int:
    """Remove uploads with no chunk for ABANDONED_AFTER_HOURS (a phone gave the photo up,
    or was reset): their staged bytes would otherwise stay for ever."""
    removed = await storage.sweep(now - timedelta(hours=ABANDONED_AFTER_HOURS))
    if removed:
        log.info("removed abandoned uploads", extra={"count": removed})
    return removed


async def _loop(clock: Clock, storage: Storage) -> None:
    await asyncio.sleep(FIRST_RUN_DELAY_SECONDS)
    while True:
        try:
            await purge_once(clock())
        except Exception:  # noqa: BLE001 - housekeeping must never stop the server
            log.exception("tombstone purge failed; will retry tomorrow")
        try:
            await sweep_once(storage, clock())
        except Exception:  # noqa: BLE001
            log.exception("sweep of abandoned uploads failed; will retry tomorrow")
        stop_if_asked()
        await asyncio.sleep(PERIOD_SECONDS)


async def start(clock: Clock, storage: Storage) -> Callable[[], Awaitable[None]]:
    task = asyncio.create_task(_loop(clock, storage), name="carefolio-sync-maintenance")

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return stop
