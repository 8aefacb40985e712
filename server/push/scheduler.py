"""The reminder loop, started in every server process (STARTUP_HOOKS in server/app.py).

Every `reminder_interval` seconds each process tries to take the `reminders` lease (a row
in `push_lease` with a holder and an expiry): the holder runs the engine; the others wait
for the next tick. The lease is renewed each tick and lapses if its holder dies, so another
process takes over. Even if two processes ever ran at once, the delivery log's unique key
would still keep every send to at most once. Cancelled cleanly when the server shuts down.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from base.clock import Clock, system_clock
from base.loops import stop_if_asked
from server.mail import sender as mail_sender
from server.mail.digests import queue_due
from server.mail.sender import config_from
from server.push import engine, store
from server.push.sender import Sender
from server.push.vapid import keys_for, subject
from server.reviews import refresh
from server.settings import Settings

log = logging.getLogger("carefolio.push")
LEASE = "reminders"
FULL_REFRESH = timedelta(hours=1)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Scheduler:
    def __init__(self, settings: Settings, interval: float, holder: str | None = None,
                 clock: Clock = system_clock) -> None:
        self.settings, self.interval = settings, interval
        self.holder = holder or holder_name()
        self.clock = clock
        self.last_full_refresh: datetime | None = None

    def sender(self) -> Sender:
        return Sender(keys_for(self.settings.data_dir), subject(self.settings.public_url))

    async def tick(self) -> engine.Report | None:
        """One turn: run the engine if this process holds the lease."""
        now = self.clock()
        conn = store.default()
        until = now + timedelta(seconds=max(self.interval * 3, 60))
        if not await store.take_lease(conn, LEASE, self.holder, now, until):
            return None
        if self.last_full_refresh is None or now - self.last_full_refresh >= FULL_REFRESH:
            await refresh.refresh_all(conn)
            self.last_full_refresh = now
        async with self.sender() as sender:
            report = await engine.run_once(
                sender, now, conn, base_url=self.settings.public_url,
                mail=mail_sender.config_from(self.settings) is not None)
        if report.due or report.mailed or report.in_app:
            log.info("reminders: %s", report)
        if config_from(self.settings) is not None:  # the daily e-mail digests, if any due
            digests = await queue_due(now, self.settings.public_url, conn)
            if digests:
                log.info("reminder digests queued: %s", digests)
        return report

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must outlive a bad tick (database restarting, ...)
                log.exception("reminder run failed")
            stop_if_asked()

    async def release(self) -> None:
        try:
            await store.drop_lease(store.default(), LEASE, self.holder, self.clock())
        except Exception:  # shutting down: the lease lapses by itself
            log.debug("could not release the reminder lease", exc_info=True)


async def start(settings: Settings, clock: Clock) -> Callable[[], Awaitable[None]] | None:
    """Start-up hook: run the loop until the app stops; returns the shutdown step."""
    interval = float(settings.reminder_interval)
    if interval <= 0:
        return None
    scheduler = Scheduler(settings, interval, clock=clock)
    task = asyncio.create_task(scheduler.run(), name="carefolio-reminders")

    async def stop() -> None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        await scheduler.release()

    return stop
