"""The delivery loop, started in every server process (STARTUP_HOOKS in server/app.py) when
SMTP is configured: every `mail_interval` seconds, or at once when a message is enqueued in
this process, it sends what is due. A send that fails is retried with backoff; the outbox
row is the record, so a crash or restart loses nothing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import msgspec

from base.clock import Clock
from base.loops import stop_if_asked
from server.mail import outbox, sender
from server.mail.sender import SmtpConfig
from server.settings import Settings

log = logging.getLogger("carefolio.mail")
BATCH = 20


class DeliveryReport(msgspec.Struct):
    sent: int = 0
    failed: int = 0


async def deliver_due(config: SmtpConfig, now: datetime) -> DeliveryReport:
    """One turn: send every message due at `now` (in batches of BATCH)."""
    report = DeliveryReport()
    while rows := await outbox.claim_due(now, BATCH):
        for row in rows:
            message = sender.build(config, row.recipient, row.subject, row.text_body,
                                   row.html_body)
            try:
                await sender.send(config, message)
            except sender.SendFailed as exc:
                report.failed += 1
                await outbox.failed(row, str(exc), now)
                log.warning("mail %s not sent (attempt %s)", row.id, row.attempts + 1)
            else:
                report.sent += 1
                await outbox.sent(row, now)
    return report


async def run(config: SmtpConfig, interval: float, clock: Clock) -> None:
    while True:
        try:
            await deliver_due(config, clock())
        except asyncio.CancelledError:
            raise
        except Exception:  # the loop must outlive a bad turn (database restarting, ...)
            log.exception("mail delivery failed")
        stop_if_asked()
        await outbox.wait_for_wake(interval)


async def start(settings: Settings, clock: Clock) -> Callable[[], Awaitable[None]] | None:
    """Start-up hook: deliver until the app stops; returns the shutdown step."""
    config = sender.config_from(settings)
    if config is None:
        return None
    task = asyncio.create_task(
        run(config, float(settings.mail_interval), clock),
        name="carefolio-mail",
    )

    async def stop() -> None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    return stop
