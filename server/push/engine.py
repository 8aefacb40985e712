"""One run of the reminder engine: refresh review dates, choose what is due, claim it in the
delivery log, send, record. `now` is an argument; the sender is given.

Order matters for "at most once": a (subscription, reminder key) pair is claimed in the log
*before* its push is sent, in batches of the sender's concurrency. A process that dies in
the middle leaves at most one batch claimed but perhaps unsent ("sending" in the log); it is
never sent twice. A push the service surely refused (429, 5xx after retries) is released
and tried again by a later run while the reminder is still due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import msgspec

from server.push import reminders as pure
from server.push import store
from server.push.reminders import OrgRules, Plan, Reminder, Send
from server.push.sender import Message, Outcome, Sender
from server.reviews import refresh
from server.reviews.schedule import local_today

KEEP_LOG = timedelta(days=90)
MIN_QUEUE_AFTER = timedelta(days=1)


class Report(msgspec.Struct):
    due: int = 0
    held: int = 0
    already: int = 0
    delivered: int = 0
    gone: int = 0
    too_large: int = 0
    retry: int = 0
    failed: int = 0
    lost: int = 0  # claimed, then the target vanished before sending


class Choice(msgspec.Struct, frozen=True):
    plan: Plan
    reminders: list[Reminder]


def review_horizon(rules: dict[int, OrgRules], now: datetime) -> date:
    soon = max([OrgRules().review_soon_days, *(r.review_soon_days for r in rules.values())])
    return local_today(now, "Pacific/Kiritimati") + timedelta(days=soon)  # the earliest clock


async def due_now(conn: store.Conn, now: datetime) -> list[Reminder]:
    """Every reminder due now, whoever it is for (reads only; the e-mail digest uses it too)."""
    rules = await store.organisation_rules(conn)
    queue_after = min([timedelta(days=r.queue_after_days) for r in rules.values()]
                      + [timedelta(days=OrgRules().queue_after_days)])
    return pure.due_reminders(
        await store.reviews_due(conn, review_horizon(rules, now)),
        await store.waiting_evidence(conn, now - max(queue_after, MIN_QUEUE_AFTER)),
        await store.decisions_since(conn, now - pure.FEEDBACK_WINDOW),
        rules, now,
    )


async def choose(conn: store.Conn, now: datetime) -> Choice:
    """Everything due now and who would receive it (reads only)."""
    due = await due_now(conn, now)
    subscribers = await store.subscribers(conn, {r.user_id for r in due})
    return Choice(pure.plan(due, subscribers, now), due)


def message_for(send: Send, target: store.Target) -> Message:
    reminder = send.reminder
    data = msgspec.json.encode(pure.payload_of(reminder))
    return Message(target, reminder.key, data, reminder.ttl, reminder.urgency)


async def _record(conn: store.Conn, outcomes: Sequence[Outcome], now: datetime,
                  report: Report) -> None:
    for outcome in outcomes:
        setattr(report, outcome.status, getattr(report, outcome.status) + 1)
    await store.finish(conn, [(o.subscription_id, o.key, o.status) for o in outcomes
                              if o.status != "retry"], now)
    await store.release(conn, [(o.subscription_id, o.key) for o in outcomes
                               if o.status == "retry"])
    await store.remove_subscriptions(conn, [o.subscription_id for o in outcomes
                                            if o.status == "gone"])


async def deliver(conn: store.Conn, sends: Sequence[Send], sender: Sender, now: datetime,
                  report: Report) -> None:
    """Claim, send and record, one batch of `sender.concurrency` at a time."""
    batch = max(1, sender.concurrency)
    for start in range(0, len(sends), batch):
        chunk = sends[start:start + batch]
        won = await store.claim(conn, [(s.subscription_id, s.reminder.key) for s in chunk], now)
        mine = [s for s in chunk if (s.subscription_id, s.reminder.key) in won]
        report.already += len(chunk) - len(mine)
        found = await store.targets(conn, [s.subscription_id for s in mine])
        messages = [message_for(s, found[s.subscription_id]) for s in mine
                    if s.subscription_id in found]
        report.lost += len(mine) - len(messages)
        await _record(conn, await sender.send_all(messages), now, report)


async def run_once(sender: Sender, now: datetime, conn: store.Conn | None = None) -> Report:
    conn = conn or store.default()
    await refresh.refresh_changed(conn)
    choice = await choose(conn, now)
    report = Report(due=len(choice.plan.sends), held=len(choice.plan.held))
    await deliver(conn, choice.plan.sends, sender, now, report)
    await store.purge_deliveries(conn, now - KEEP_LOG)
    return report
