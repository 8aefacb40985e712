"""Which reminders are due, to whom, and why. Pure: snapshots and `now` in, decisions out.

The rules:

- **Progress reviews** (to the worker and to the enrolment's assessor). With the due date in
  the organisation's time zone: *due soon* once, within `review_soon_days` of it; *due today*
  once, on the day; *overdue* on the first day after, then again every `overdue_repeat_days`
  while no review is held. Each of these is one due event with its own key; a stage that has
  passed is not sent late (a server that was down on the day does not send "due today" on
  the day after: it sends "overdue").
- **Evidence waiting for assessment** longer than `queue_after_days` (to the assessors of the
  worker): one notification per assessor, counting the items, at most once every
  `queue_repeat_days` (the period is the key).
- **Feedback ready** (to the worker): an assessment decision (referred back or accepted)
  recorded in the last 3 days. Each decision is its own event, so referring the same item
  again later is a new one.

Nothing about the people cared for, nor anyone's name, goes into a title or body: a lock
screen shows them. The payload carries a generic sentence, a tag and the screen to open.

`plan` then matches reminders with each person's subscriptions: only the kinds the device
asked for, and not during its quiet hours (held, to be sent when they end, if still due).

`fallback` reaches the people push cannot: no subscription (never turned on, or refused),
one that expired (404/410: deleted) or one failing `FAILING` times in a row. They get
their reminders by e-mail, all of one run's in **one** message (batched), outside their
organisation's quiet hours, once per due event (the same keys as push, claimed in the same
log); a reminder a push already delivered to them is not e-mailed. Without e-mail the
reminder waits in the app for its next open. The same quiet-hours rule (`in_quiet_hours`)
and the same keys serve every channel.

The push payload is a Declarative Web Push message (`declarative`, the W3C Push API's
format: `web_push` 8030, a `notification` with `title` and an absolute `navigate` URL),
which Safari 18.4+ shows by itself; the service worker reads the same JSON elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import msgspec

from server.reviews.schedule import Stage, days_overdue, local_today, stage

Topic = Literal["reviews", "queue", "feedback"]
Urgency = Literal["very-low", "low", "normal", "high"]
DAY = 86_400
FEEDBACK_WINDOW = timedelta(days=3)
FAILING = 3  # sends failed in a row before a subscription no longer counts as working
DECLARATIVE = 8030  # the `web_push` member of a declarative push message


class OrgRules(msgspec.Struct, frozen=True):
    time_zone: str = "Europe/London"
    review_soon_days: int = 7
    overdue_repeat_days: int = 7
    queue_after_days: int = 7
    queue_repeat_days: int = 1


class ReviewDue(msgspec.Struct, frozen=True):
    enrolment_id: int
    organisation_id: int
    worker_id: int
    assessor_id: int | None
    standard_code: str
    due: date


class WaitingEvidence(msgspec.Struct, frozen=True):
    organisation_id: int
    worker_id: int
    record_id: str
    waiting_since: datetime
    assessor_ids: tuple[int, ...]


class Decision(msgspec.Struct, frozen=True):
    organisation_id: int
    worker_id: int
    decision_id: str
    evidence_id: str
    outcome: Literal["referred", "accepted"]
    decided_at: datetime


class Reminder(msgspec.Struct, frozen=True):
    key: str
    user_id: int
    topic: Topic
    kind: str
    title: str
    body: str
    tag: str
    url: str
    ttl: int
    urgency: Urgency
    why: str  # for people reading `carefolio remind --dry-run`; never sent


class Subscriber(msgspec.Struct, frozen=True):
    subscription_id: int
    user_id: int
    reviews: bool = True
    queue: bool = True
    feedback: bool = True
    quiet_start: int | None = None
    quiet_end: int | None = None
    time_zone: str = "Europe/London"
    failures: int = 0

    @property
    def working(self) -> bool:
        return self.failures < FAILING


class Recipient(msgspec.Struct, frozen=True):
    """A person as the fallback sees them: where to write, and their organisation's quiet
    hours (minutes after local midnight) in its time zone."""

    user_id: int
    email: str
    organisation_id: int | None = None
    quiet_start: int | None = None
    quiet_end: int | None = None
    time_zone: str = "Europe/London"
    organisation_name: str = ""


class Send(msgspec.Struct, frozen=True):
    subscription_id: int
    reminder: Reminder


class Plan(msgspec.Struct, frozen=True):
    sends: list[Send]
    held: list[Send]  # in quiet hours now


class Letters(msgspec.Struct, frozen=True):
    """One e-mail per person, carrying every reminder of this run for them."""

    recipient: Recipient
    reminders: list[Reminder]


class Fallback(msgspec.Struct, frozen=True):
    mail: list[Letters]
    in_app: list[Reminder]
    held: list[Reminder]  # in the organisation's quiet hours now


class ReminderData(msgspec.Struct, frozen=True):
    """What Carefolio's own code reads from a notification (`notification.data`)."""

    url: str  # the hash route to open
    kind: str
    count: int = 1
    delivery: int = 0  # the delivery log row, for the shown and tapped receipts
    v: int = 2


class DeclarativeNotification(msgspec.Struct, frozen=True):
    title: str
    navigate: str  # absolute URL, same origin as the app
    body: str
    tag: str
    lang: str = "en-GB"
    dir: str = "ltr"
    silent: bool = False
    data: ReminderData | None = None


class Declarative(msgspec.Struct, frozen=True):
    """A Declarative Web Push message (W3C Push API, "declarative push message"). `mutable`
    lets a service worker that is present show it itself (and record that it did)."""

    web_push: int
    notification: DeclarativeNotification
    mutable: bool = True


def open_url(base_url: str, route: str, delivery: int = 0) -> str:
    """The absolute address a tap opens: the app, with the receipt's delivery in the query
    (recorded as tapped when it loads), then the hash route."""
    query = f"?reminder={delivery}" if delivery else ""
    return f"{base_url.rstrip('/')}/{query}{route}"


def declarative(reminder: Reminder, base_url: str, delivery: int = 0,
                count: int = 1) -> Declarative:
    data = ReminderData(reminder.url, reminder.kind, count, delivery)
    return Declarative(DECLARATIVE, DeclarativeNotification(
        reminder.title, open_url(base_url, reminder.url, delivery), reminder.body,
        reminder.tag, data=data))


# --- reviews ------------------------------------------------------------------------------


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def review_reminders(review: ReviewDue, rules: OrgRules, now: datetime) -> list[Reminder]:
    today = local_today(now, rules.time_zone)
    where = stage(review.due, today, rules.review_soon_days)
    if where is Stage.LATER:
        return []
    if where is Stage.OVERDUE:
        late = days_overdue(review.due, today)
        period = (late - 1) // max(1, rules.overdue_repeat_days)
        event, kind = f"overdue:{period}", "review_overdue"
        days = "1 day" if late == 1 else f"{late} days"
        yours = f"Your progress review is {days} overdue"
        theirs = f"A progress review is {days} overdue"
        every = rules.overdue_repeat_days
        why = f"due {review.due}, {days} overdue (repeat {period + 1}, every {every} days)"
        urgency: Urgency = "normal"
    elif where is Stage.TODAY:
        event, kind = "today", "review_today"
        yours, theirs = "Your progress review is due today", "A progress review is due today"
        why, urgency = f"due today ({review.due})", "normal"
    else:
        event, kind = "soon", "review_soon"
        yours = f"Your progress review is due on {_long(review.due)}"
        theirs = f"A progress review is due on {_long(review.due)}"
        left = (review.due - today).days
        why, urgency = f"due {review.due}, in {left} days (soon = {rules.review_soon_days})", "low"
    base = f"review:{review.enrolment_id}:{review.due.isoformat()}:{event}"
    url = f"#/reviews/{review.enrolment_id}"
    found = [Reminder(f"{base}:worker", review.worker_id, "reviews", kind, "Progress review",
                      yours, f"review-{review.enrolment_id}", url, DAY, urgency,
                      f"worker of enrolment {review.enrolment_id} ({review.standard_code}): {why}")]
    if review.assessor_id is not None:
        found.append(Reminder(
            f"{base}:assessor", review.assessor_id, "reviews", kind, "Progress review", theirs,
            f"review-{review.enrolment_id}", url, DAY, urgency,
            f"assessor of enrolment {review.enrolment_id} ({review.standard_code}): {why}",
        ))
    return found


# --- the assessor's queue -----------------------------------------------------------------


def queue_reminders(
    waiting: Iterable[WaitingEvidence], rules_of: dict[int, OrgRules], now: datetime
) -> list[Reminder]:
    """One reminder per assessor with evidence waiting longer than their organisation allows."""
    items: dict[tuple[int, int], list[WaitingEvidence]] = defaultdict(list)
    for item in waiting:
        rules = rules_of.get(item.organisation_id, OrgRules())
        if now - item.waiting_since < timedelta(days=rules.queue_after_days):
            continue
        for assessor in item.assessor_ids:
            items[(item.organisation_id, assessor)].append(item)
    found = []
    for (org, assessor), mine in sorted(items.items()):
        rules = rules_of.get(org, OrgRules())
        period = local_today(now, rules.time_zone).toordinal() // max(1, rules.queue_repeat_days)
        count = len(mine)
        oldest = min(item.waiting_since for item in mine)
        body = ("1 piece of evidence is" if count == 1 else f"{count} pieces of evidence are") + (
            " waiting for your assessment")
        found.append(Reminder(
            f"queue:{assessor}:{period}", assessor, "queue", "queue", "Evidence to assess", body,
            "queue", "#/assess", DAY // 2, "low",
            f"{count} item(s) waiting more than {rules.queue_after_days} days, oldest since "
            f"{oldest:%Y-%m-%d %H:%M} UTC (at most every {rules.queue_repeat_days} days)",
        ))
    return found


# --- feedback -----------------------------------------------------------------------------


def feedback_reminder(decision: Decision, now: datetime) -> Reminder | None:
    if now - decision.decided_at > FEEDBACK_WINDOW:
        return None
    referred = decision.outcome == "referred"
    body = ("Your assessor has referred a piece of evidence back with feedback" if referred
            else "Your assessor has accepted a piece of evidence")
    return Reminder(
        f"feedback:{decision.worker_id}:{decision.decision_id}",
        decision.worker_id, "feedback", f"feedback_{decision.outcome}", "Feedback ready", body,
        "feedback", f"#/evidence/{decision.evidence_id}", 3 * DAY, "normal",
        f"evidence {decision.evidence_id} {decision.outcome} "
        f"at {decision.decided_at:%Y-%m-%d %H:%M} UTC",
    )


# --- everything, and who receives it ------------------------------------------------------


def due_reminders(
    reviews: Iterable[ReviewDue],
    waiting: Iterable[WaitingEvidence],
    decisions: Iterable[Decision],
    rules_of: dict[int, OrgRules],
    now: datetime,
) -> list[Reminder]:
    found: list[Reminder] = []
    for review in reviews:
        found += review_reminders(review, rules_of.get(review.organisation_id, OrgRules()), now)
    found += queue_reminders(waiting, rules_of, now)
    for decision in decisions:
        reminder = feedback_reminder(decision, now)
        if reminder is not None:
            found.append(reminder)
    return found


def in_quiet_hours(now: datetime, time_zone: str, start: int | None, end: int | None) -> bool:
    """Is `now` within the quiet hours [start, end) (minutes after local midnight)?"""
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(ZoneInfo(time_zone))
    minute = local.hour * 60 + local.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # across midnight, e.g. 22:00-07:00


def wants(subscriber: Subscriber, topic: Topic) -> bool:
    return bool(getattr(subscriber, topic))


def fallback(
    reminders: Sequence[Reminder], subscribers: Iterable[Subscriber],
    recipients: dict[int, Recipient], reached: set[str], mail: bool, now: datetime,
) -> Fallback:
    """The reminders of people with no working subscription: by e-mail when the server sends
    it (one letter per person), else kept for the app. `reached`: keys a push already
    delivered. People not in `recipients` (disabled, gone) get nothing."""
    working = {s.user_id for s in subscribers if s.working}
    letters: dict[int, list[Reminder]] = defaultdict(list)
    in_app: list[Reminder] = []
    held: list[Reminder] = []
    for reminder in reminders:
        person = recipients.get(reminder.user_id)
        if person is None or reminder.user_id in working or reminder.key in reached:
            continue
        if not mail:
            in_app.append(reminder)
        elif in_quiet_hours(now, person.time_zone, person.quiet_start, person.quiet_end):
            held.append(reminder)
        else:
            letters[reminder.user_id].append(reminder)
    mail_out = [Letters(recipients[user], found) for user, found in sorted(letters.items())]
    return Fallback(mail_out, in_app, held)


def plan(
    reminders: Sequence[Reminder], subscribers: Iterable[Subscriber], now: datetime
) -> Plan:
    by_user: dict[int, list[Subscriber]] = defaultdict(list)
    for subscriber in subscribers:
        by_user[subscriber.user_id].append(subscriber)
    sends: list[Send] = []
    held: list[Send] = []
    for reminder in reminders:
        for subscriber in by_user.get(reminder.user_id, ()):
            if not wants(subscriber, reminder.topic):
                continue
            send = Send(subscriber.subscription_id, reminder)
            quiet = in_quiet_hours(now, subscriber.time_zone, subscriber.quiet_start,
                                   subscriber.quiet_end)
            (held if quiet else sends).append(send)
    return Plan(sends, held)
