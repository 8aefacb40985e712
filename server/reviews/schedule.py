"""Progress-review scheduling: when an enrolment's next review is due. Pure.

The rules, as the funding rules and the enrolment record state them:

- `weeks_12`: every 12 weeks (84 days) under the older apprenticeship funding rules.
- `calendar_3_months`: every 3 calendar months under the 2025/26 rules. The same day of the
  month three months on; when that month is shorter, its last day (30 November + 3 months =
  28 February, or 29 February in a leap year; 31 May + 3 months = 31 August).
- `custom`: another frequency agreed with the learner, in days, recorded with its reason.

Which rule an enrolment starts with (an apprenticeship's follows the year it started) is in
server/reviews/rule_years.py. Both, and the PWA's twin, run the golden cases in
sync/golden/rules/review_schedule.json.

The interval is counted from the last review held on or after the start date, or from the
start date when none has been held yet. A review counts for an enrolment when it names the
enrolment's standard, or names none (reviews recorded before they named standards, which
cover every enrolment of the worker): a worker enrolled on two standards with two assessors
has two schedules. A review that agreed an earlier next date than the rule's brings the due
date forward to it; a later agreed date does not postpone the rule's.

Every value here is a calendar date. Whether a review is due *today* depends on where
"today" is: `local_today` turns an instant into the date in the organisation's time zone
(Europe/London by default, so 23:30 UTC on a summer evening is already tomorrow), and from
there on only dates are compared, so clock changes never move a due date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

import msgspec

RuleName = Literal["weeks_12", "calendar_3_months", "custom"]
DEFAULT_TIME_ZONE = "Europe/London"
WEEKS_12 = timedelta(weeks=12)


class Stage(StrEnum):
    LATER = "later"
    SOON = "soon"
    TODAY = "today"
    OVERDUE = "overdue"


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months on, clamped to the end of a shorter month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def interval_after(anchor: date, rule: str, interval_days: int | None) -> date:
    """The due date one review interval after `anchor` under `rule`."""
    if rule == "weeks_12":
        return anchor + WEEKS_12
    if rule == "calendar_3_months":
        return add_months(anchor, 3)
    if rule == "custom":
        if interval_days is None or interval_days < 1:
            raise ValueError("a custom review rule needs a positive interval in days")
        return anchor + timedelta(days=interval_days)
    raise ValueError(f"unknown review rule {rule!r}")


def review_anchor(start: date, last_held: date | None) -> date:
    """What the interval counts from: the last review held since the start, or the start."""
    if last_held is not None and last_held >= start:
        return last_held
    return start


def next_review_due(
    start: date, rule: str, interval_days: int | None, last_held: date | None
) -> date:
    """The date the next progress review is due."""
    return interval_after(review_anchor(start, last_held), rule, interval_days)


class HeldReview(msgspec.Struct, frozen=True):
    held_on: date
    standards: frozenset[str]  # empty: a review that names no standard covers them all
    agreed_next: date | None = None  # the next review date agreed at this one

    def covers(self, standard_code: str) -> bool:
        return not self.standards or standard_code in self.standards


def last_held_for(reviews: Iterable[HeldReview], standard_code: str) -> HeldReview | None:
    """The last review held that covers the enrolment's standard (latest `held_on`; of two
    on one day, the one with the earlier agreed next date). Pure."""
    covering = [r for r in reviews if r.covers(standard_code)]
    return max(covering, key=lambda r: (r.held_on, -(r.agreed_next or date.max).toordinal()),
               default=None)


def review_due(
    start: date, rule: str, interval_days: int | None, last: HeldReview | None
) -> date:
    """When the next review is due: by the enrolment's rule from the last review held (or
    the start), or sooner when that review agreed an earlier date. A later agreed date does
    not postpone the rule's."""
    due = next_review_due(start, rule, interval_days, last.held_on if last else None)
    if last is None or last.agreed_next is None or last.held_on < start:
        return due
    if last.held_on < last.agreed_next < due:
        return last.agreed_next
    return due


def local_today(now: datetime, time_zone: str = DEFAULT_TIME_ZONE) -> date:
    """The calendar date at instant `now` (timezone-aware) in `time_zone`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(time_zone)).date()


def stage(due: date, today: date, soon_days: int) -> Stage:
    """Where a review due on `due` stands on `today`."""
    if due < today:
        return Stage.OVERDUE
    if due == today:
        return Stage.TODAY
    if (due - today).days <= soon_days:
        return Stage.SOON
    return Stage.LATER


def days_overdue(due: date, today: date) -> int:
    return max(0, (today - due).days)
