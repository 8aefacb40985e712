"""One run of the reminder engine: refresh review dates, choose what is due, claim it in the
delivery log, send, record. `now` is an argument; the sender is given.

Order matters for "at most once": a (subscription, reminder key) pair is claimed in the log
*before* its push is sent, in batches of the sender's concurrency. A process that dies in
the middle leaves at most one batch claimed but perhaps unsent ("sending" in the log); it is
never sent twice. A push the service surely refused (429, 5xx after retries) is released
and tried again by a later run while the reminder is still due.

Then the people push cannot reach (`reminders.fallback`): their reminders are claimed in
the same log under subscription 0 and e-mailed, one letter per person, through the mail
outbox (server/mail), or kept for the app's next open when the server sends no e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import msgspec

from base import metrics
from server.mail import compose, outbox
from server.push import reminders as pure
from server.push import store
from server.push.reminders import Letters, OrgRules, Plan, Reminder, Send
from server.push.sender import Message, Outcome, Sender
from server.reviews import refresh
from server.reviews.schedule import local_today

KEEP_LOG = timedelta(days=90)
MIN_QUEUE_AFTER = timedelta(days=1)
DEFAULT_BASE = "http://localhost"  # the app's address when none is given (tests)

SENT = metrics.counter(
    "carefolio_reminders_sent_total",
    "Reminders sent, by channel: push (accepted by the push service), email (queued in the "
    "mail outbox), app (kept for the app's next open).", ["channel"])
FAILED = metrics.counter(
    "carefolio_reminders_failed_total",
    "Reminder pushes that did not reach a push service, by reason: gone (404/410, the "
    "subscription is deleted), too_large (413), refused (429/5xx after every retry; tried "
    "again later), error (any other answer or a network failure), lost (the subscription "
    "vanished between claim and send).", ["reason"])
FAILURE_REASONS = {"gone": "gone", "too_large": "too_large", "retry": "refused",
                   "failed": "error"}


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
    mailed: int = 0  # reminders e-mailed (people push cannot reach)
    letters: int = 0  # e-mails queued (one per person per run)
    in_app: int = 0  # reminders kept for the app (no push, no e-mail)
    mail_held: int = 0  # e-mail held in the organisation's quiet hours


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


def message_for(send: Send, target: store.Target, delivery: int = 0,
                base_url: str = DEFAULT_BASE) -> Message:
    reminder = send.reminder
    data = msgspec.json.encode(pure.declarative(reminder, base_url, delivery))
    return Message(target, reminder.key, data, reminder.ttl, reminder.urgency)


async def _record(conn: store.Conn, outcomes: Sequence[Outcome], now: datetime,
                  report: Report) -> None:
    for outcome in outcomes:
        setattr(report, outcome.status, getattr(report, outcome.status) + 1)
        if outcome.status == "delivered":
            SENT.inc(channel="push")
        else:
            FAILED.inc(reason=FAILURE_REASONS[outcome.status])
    await store.count_failures(
        conn, [o.subscription_id for o in outcomes if o.status in ("failed", "retry")],
        [o.subscription_id for o in outcomes if o.status == "delivered"])
    await store.finish(conn, [(o.subscription_id, o.key, o.status) for o in outcomes
                              if o.status != "retry"], now)
    await store.release(conn, [(o.subscription_id, o.key) for o in outcomes
                               if o.status == "retry"])
    await store.remove_subscriptions(conn, [o.subscription_id for o in outcomes
                                            if o.status == "gone"])


async def deliver(conn: store.Conn, sends: Sequence[Send], sender: Sender, now: datetime,
                  report: Report, base_url: str = DEFAULT_BASE) -> None:
    """Claim, send and record, one batch of `sender.concurrency` at a time."""
    batch = max(1, sender.concurrency)
    for start in range(0, len(sends), batch):
        chunk = sends[start:start + batch]
        won = await store.claim(conn, [store.Claim(s.subscription_id, s.reminder.key,
                                                   s.reminder.user_id) for s in chunk], now)
        mine = [(s, won[(s.subscription_id, s.reminder.key)]) for s in chunk
                if (s.subscription_id, s.reminder.key) in won]
        report.already += len(chunk) - len(mine)
        found = await store.targets(conn, [s.subscription_id for s, _ in mine])
        messages = [message_for(s, found[s.subscription_id], delivery, base_url)
                    for s, delivery in mine if s.subscription_id in found]
        report.lost += len(mine) - len(messages)
        FAILED.inc(len(mine) - len(messages), reason="lost")
        await _record(conn, await sender.send_all(messages), now, report)


def letter_for(letters: Letters, ids: dict[str, int], base_url: str) -> compose.Letter:
    items = [(r.body, pure.open_url(base_url, r.url, ids[r.key])) for r in letters.reminders]
    person = letters.recipient
    return compose.reminders(person.email, person.organisation_name or "your organisation",
                             items)


async def reach_the_rest(conn: store.Conn, reminders: Sequence[Reminder], now: datetime,
                         report: Report, base_url: str = DEFAULT_BASE,
                         mail: bool = False) -> None:
    """E-mail (or keep for the app) what push cannot deliver: asked after the pushes, so a
    subscription that just expired (410) counts as gone."""
    users = {r.user_id for r in reminders}
    subscribers = await store.subscribers(conn, users)
    working = {s.user_id for s in subscribers if s.working}
    unreached = [r for r in reminders if r.user_id not in working]
    if not unreached:
        return
    people = await store.recipients(conn, {r.user_id for r in unreached})
    reached = await store.reached(conn, [r.key for r in unreached])
    plan = pure.fallback(unreached, subscribers, people, reached, mail, now)
    report.mail_held += len(plan.held)
    kept = await store.claim(conn, [
        store.Claim(store.NO_SUBSCRIPTION, r.key, r.user_id, "app",
                    msgspec.json.encode(pure.declarative(r, base_url)).decode())
        for r in plan.in_app], now, status="in_app")
    report.in_app += len(kept)
    SENT.inc(len(kept), channel="app")
    for letters in plan.mail:
        won = await store.claim(conn, [store.Claim(store.NO_SUBSCRIPTION, r.key, r.user_id,
                                                   "email") for r in letters.reminders],
                                now, status="mailed")
        mine = [r for r in letters.reminders if (store.NO_SUBSCRIPTION, r.key) in won]
        if not mine:
            continue
        ids = {key: delivery for (_, key), delivery in won.items()}
        letter = letter_for(Letters(letters.recipient, mine), ids, base_url)
        await outbox.enqueue(letter, letters.recipient.organisation_id, now)
        report.mailed += len(mine)
        report.letters += 1
        SENT.inc(len(mine), channel="email")
    if report.letters:
        outbox.wake()


async def run_once(sender: Sender, now: datetime, conn: store.Conn | None = None, *,
                   base_url: str = DEFAULT_BASE, mail: bool = False) -> Report:
    """One run. `mail`: the server sends e-mail (SMTP configured), so people push cannot
    reach are e-mailed; else their reminders wait in the app."""
    conn = conn or store.default()
    await refresh.refresh_changed(conn)
    choice = await choose(conn, now)
    report = Report(due=len(choice.plan.sends), held=len(choice.plan.held))
    await deliver(conn, choice.plan.sends, sender, now, report, base_url)
    await reach_the_rest(conn, choice.reminders, now, report, base_url, mail)
    await store.purge_deliveries(conn, now - KEEP_LOG)
    return report
