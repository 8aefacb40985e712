"""Which daily digests are due, and what each says (pure: values and `now` in).

The rules:
- A person gets a digest only if they chose one (`DigestChoice.enabled`) and e-mail is
  configured (the caller checks that).
- At most one per day, the day being the organisation's (its reminder time zone), and not
  before `SEND_HOUR` there: a server that was down in the morning sends it when it is back.
- Only a day with something to say: the reminders due for that person now (the same ones
  the push engine chooses: reviews due or overdue, evidence waiting, feedback ready), each
  once, in their push wording, which names nobody (no people cared for, no names).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import msgspec

from server.push.reminders import Reminder

SEND_HOUR = 7


class DigestTarget(msgspec.Struct, frozen=True):
    user_id: int
    email: str
    organisation: str
    time_zone: str
    last_sent_on: date | None


class DueDigest(msgspec.Struct, frozen=True):
    target: DigestTarget
    day: date
    items: list[tuple[str, str]]  # (title, sentence), each once, in the reminders' order


def local_day(now: datetime, time_zone: str) -> tuple[date, int]:
    local = now.astimezone(ZoneInfo(time_zone))
    return local.date(), local.hour


def due_digests(
    targets: Iterable[DigestTarget], reminders: Iterable[Reminder], now: datetime
) -> list[DueDigest]:
    mine: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for reminder in reminders:
        item = (reminder.title, reminder.body)
        if item not in mine[reminder.user_id]:
            mine[reminder.user_id].append(item)
    due = []
    for target in sorted(targets, key=lambda t: t.user_id):
        day, hour = local_day(now, target.time_zone)
        if hour < SEND_HOUR or (target.last_sent_on is not None and target.last_sent_on >= day):
            continue
        if mine.get(target.user_id):
            due.append(DueDigest(target, day, mine[target.user_id]))
    return due


def day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"
