"""The outbox store: enqueue inside the caller's transaction, claim what is due, record the
outcome. Several server processes may deliver at once: a message is claimed by moving its
`next_attempt_at` forward only if nobody else has (compare-and-set), so each attempt has
one sender."""

from __future__ import annotations

import asyncio
import weakref
from datetime import datetime, timedelta

import msgspec

from server.errors import ApiError
from server.mail import backoff
from server.mail.compose import Letter
from server.mail.models import CANCELLED, FAILED, SENT, WAITING, MailMessage

CLAIM = timedelta(minutes=2)
_wakes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = (
    weakref.WeakKeyDictionary()
)


def _event() -> asyncio.Event:
    return _wakes.setdefault(asyncio.get_running_loop(), asyncio.Event())


class MailInfo(msgspec.Struct):
    id: int
    purpose: str
    recipient: str
    subject: str
    state: str
    attempts: int
    last_error: str
    next_attempt_at: str | None
    created_at: str
    sent_at: str | None


def info(row: MailMessage) -> MailInfo:
    return MailInfo(
        row.id, row.purpose, row.recipient, row.subject, row.state, row.attempts,
        row.last_error, row.next_attempt_at.isoformat() if row.state == WAITING else None,
        row.created_at.isoformat(), row.sent_at.isoformat() if row.sent_at else None,
    )


async def enqueue(letter: Letter, organisation_id: int | None, now: datetime) -> MailMessage:
    """Call inside the transaction that makes the link; then `wake()` after it commits."""
    return await MailMessage.create(
        organisation_id=organisation_id, purpose=letter.purpose, recipient=letter.recipient,
        subject=letter.subject, text_body=letter.text, html_body=letter.html,
        next_attempt_at=now, created_at=now,
    )


def wake() -> None:
    """Ask this process's delivery loop to look now rather than at its next tick."""
    _event().set()


async def wait_for_wake(timeout: float) -> None:
    """Until `wake()` or `timeout` seconds. `asyncio.timeout`, not `wait_for`: on Python 3.11
    `wait_for` swallows a cancel that arrives in the same turn as the wake, and the app's
    shutdown then waited for the whole interval (tests/admin/test_mail_wake.py)."""
    event = _event()
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        pass
    event.clear()


async def claim_due(now: datetime, limit: int) -> list[MailMessage]:
    rows = await MailMessage.filter(state=WAITING, next_attempt_at__lte=now).order_by(
        "next_attempt_at").limit(limit)
    claimed = []
    for row in rows:
        won = await MailMessage.filter(
            id=row.id, state=WAITING, next_attempt_at=row.next_attempt_at
        ).update(next_attempt_at=now + CLAIM)
        if won:
            claimed.append(row)
    return claimed


async def sent(row: MailMessage, now: datetime) -> None:
    await MailMessage.filter(id=row.id).update(
        state=SENT, sent_at=now, attempts=row.attempts + 1, last_error="", text_body="",
        html_body="",
    )


async def failed(row: MailMessage, reason: str, now: datetime) -> None:
    attempts = row.attempts + 1
    later = backoff.next_attempt(attempts, now)
    await MailMessage.filter(id=row.id).update(
        attempts=attempts, last_error=reason[:500],
        state=WAITING if later else FAILED, next_attempt_at=later or now,
    )


async def retry(organisation_id: int, message_id: int, now: datetime) -> MailMessage | None:
    """Send a failed message again from the start of its backoff; None if it is not failed."""
    changed = await MailMessage.filter(
        id=message_id, organisation_id=organisation_id, state=FAILED
    ).update(state=WAITING, attempts=0, next_attempt_at=now)
    return await MailMessage.get(id=message_id) if changed else None


async def cancel(message_id: int) -> None:
    await MailMessage.filter(id=message_id, state__in=[WAITING, FAILED]).update(
        state=CANCELLED, text_body="", html_body=""
    )


async def for_organisation(organisation_id: int, limit: int = 200) -> list[MailInfo]:
    rows = await MailMessage.filter(organisation_id=organisation_id).order_by("-id").limit(limit)
    return [info(row) for row in rows]


async def get(message_id: int) -> MailMessage | None:
    return await MailMessage.filter(id=message_id).first()


class MailOverview(msgspec.Struct):
    configured: bool
    waiting: int
    failed: int
    messages: list[MailInfo]


async def overview(organisation_id: int, configured: bool) -> MailOverview:
    """What the administrators see: is e-mail on, and every recent message's state."""
    messages = await for_organisation(organisation_id)
    return MailOverview(
        configured=configured, waiting=sum(m.state == WAITING for m in messages),
        failed=sum(m.state == FAILED for m in messages), messages=messages,
    )


async def send_again(organisation_id: int, message_id: int, now: datetime) -> MailInfo:
    row = await retry(organisation_id, message_id, now)
    if row is None:
        raise ApiError(409, "mail_not_failed", "Only a message that failed can be sent again.")
    wake()
    return info(row)
