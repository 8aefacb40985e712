"""The daily e-mail digest of reminders: a person's choice, and the turn that queues the
digests due (run by the reminder loop's lease holder, server/push/scheduler.py, when e-mail
is configured). Each digest goes through the outbox, so a failed send is retried with
backoff and shown to the administrators like any other message, never lost. The day is
claimed (compare-and-set on `last_sent_on`) in the transaction that queues the message, so
two processes never queue the same day twice."""

from __future__ import annotations

from datetime import datetime

import msgspec
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from base.errors import Conflict
from server.mail import compose, outbox
from server.mail.digest import DigestTarget, day_text, due_digests
from server.mail.models import DigestChoice
from server.models import Membership, Organisation, User
from server.push import engine, store
from server.push.reminders import OrgRules


class DigestOut(msgspec.Struct):
    daily_digest: bool
    available: bool  # whether this server sends e-mail at all


class DigestIn(msgspec.Struct, forbid_unknown_fields=True):
    daily_digest: bool


async def choice_of(user_id: int) -> bool:
    row = await DigestChoice.filter(user_id=user_id).first()
    return bool(row and row.enabled)


async def choose(user_id: int, enabled: bool, mail_on: bool, now: datetime) -> None:
    """Turn a person's digest on or off; on is refused while this server sends no e-mail."""
    if enabled and not mail_on:
        raise Conflict("mail_not_configured",
                       "This server sends no e-mail, so there is no digest to turn on.")
    await DigestChoice.update_or_create(
        user_id=user_id, defaults={"enabled": enabled, "updated_at": now}
    )


async def _targets(conn: store.Conn, user_ids: list[int]) -> list[DigestTarget]:
    users = {u.id: u for u in await User.filter(id__in=user_ids, disabled=False)}
    rules = await store.organisation_rules(conn)
    firsts: dict[int, int] = {}
    for user_id, org_id in await Membership.filter(user_id__in=list(users)).order_by(
        "id"
    ).values_list("user_id", "organisation_id"):
        firsts.setdefault(int(user_id), int(org_id))
    names = dict(await Organisation.filter(id__in=list(firsts.values())).values_list("id", "name"))
    last = dict(await DigestChoice.filter(user_id__in=list(users)).values_list(
        "user_id", "last_sent_on"))
    return [
        DigestTarget(uid, users[uid].email, str(names.get(org, "")),
                     rules.get(org, OrgRules()).time_zone, last.get(uid))
        for uid, org in firsts.items()
    ]


async def queue_due(now: datetime, base_url: str, conn: store.Conn | None = None) -> int:
    """Queue every digest due at `now`; how many were queued."""
    conn = conn or store.default()
    chosen = list(await DigestChoice.filter(enabled=True).values_list("user_id", flat=True))
    if not chosen:
        return 0
    reminders = [r for r in await engine.due_now(conn, now) if r.user_id in set(chosen)]
    queued = 0
    for due in due_digests(await _targets(conn, [int(u) for u in chosen]), reminders, now):
        target = due.target
        letter = compose.digest(target.email, target.organisation, day_text(due.day),
                                due.items, f"{base_url.rstrip('/')}/")
        org = await Membership.filter(user_id=target.user_id).order_by("id").first()
        async with in_transaction():
            won = await DigestChoice.filter(
                Q(last_sent_on=None) | Q(last_sent_on__lt=due.day),
                user_id=target.user_id, enabled=True,
            ).update(last_sent_on=due.day)
            if won:
                await outbox.enqueue(letter, org.organisation_id if org else None, now)
                queued += 1
    if queued:
        outbox.wake()
    return queued
