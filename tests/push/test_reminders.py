"""Reminder selection is a pure function of snapshots and `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec

from server.push.reminders import (
    Decision,
    OrgRules,
    ReviewDue,
    Subscriber,
    WaitingEvidence,
    declarative,
    due_reminders,
    feedback_reminder,
    in_quiet_hours,
    plan,
    queue_reminders,
    review_reminders,
)
from tests.push.declarative import check

RULES = OrgRules()
NOON = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def review(due: date, assessor: int | None = 2) -> ReviewDue:
    return ReviewDue(enrolment_id=7, organisation_id=1, worker_id=1, assessor_id=assessor,
                     standard_code="SCDHSC0389", due=due)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def keys(found: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(r.key for r in found)


def test_a_review_far_off_needs_no_reminder() -> None:
    assert review_reminders(review(date(2025, 3, 18)), RULES, NOON) == []


def test_a_review_due_soon_reminds_worker_and_assessor_with_the_same_event_all_week() -> None:
    first = review_reminders(review(date(2025, 3, 17)), RULES, NOON)
    later = review_reminders(review(date(2025, 3, 17)), RULES, NOON + timedelta(days=5))
    assert {r.user_id for r in first} == {1, 2}
    assert keys(first) == keys(later)
    assert all(r.kind == "review_soon" for r in first)


def test_due_today_and_overdue_are_separate_events() -> None:
    due = date(2025, 3, 10)
    today = review_reminders(review(due), RULES, NOON)
    tomorrow = review_reminders(review(due), RULES, NOON + timedelta(days=1))
    assert {r.kind for r in today} == {"review_today"}
    assert {r.kind for r in tomorrow} == {"review_overdue"}
    assert not set(keys(today)) & set(keys(tomorrow))


def test_an_overdue_review_is_repeated_every_week_not_every_day() -> None:
    due = date(2025, 3, 10)
    by_day = {n: keys(review_reminders(review(due), RULES, NOON + timedelta(days=n)))
              for n in range(1, 16)}
    assert len({tuple(k) for k in by_day.values()}) == 3  # days 1-7, 8-14, 15
    assert by_day[1] == by_day[7] != by_day[8] == by_day[14] != by_day[15]


def test_the_overdue_cadence_is_set_per_organisation() -> None:
    rules = OrgRules(overdue_repeat_days=2)
    due = date(2025, 3, 10)
    day1 = review_reminders(review(due), rules, NOON + timedelta(days=1))
    day3 = review_reminders(review(due), rules, NOON + timedelta(days=3))
    assert keys(day1) != keys(day3)


def test_due_today_follows_the_organisation_clock_not_utc() -> None:
    # 23:30 UTC on 9 July is 00:30 BST on 10 July.
    found = review_reminders(review(date(2025, 7, 10)), RULES, datetime(2025, 7, 9, 23, 30, tzinfo=UTC))
    assert {r.kind for r in found} == {"review_today"}


def test_an_enrolment_without_an_assessor_reminds_only_the_worker() -> None:
    assert {r.user_id for r in review_reminders(review(date(2025, 3, 10), None), RULES, NOON)} == {1}


def test_the_assessor_is_not_told_who_the_review_is_for_on_the_lock_screen() -> None:
    found = review_reminders(review(date(2025, 3, 9)), RULES, NOON)
    encoded = [msgspec.json.encode(declarative(r, "https://care.example", 123456)) for r in found]
    assert all(b"SCDHSC0389" not in e and len(e) < 500 for e in encoded)
    note = check(msgspec.json.decode(encoded[0]), "https://care.example")
    assert set(note) == {"title", "navigate", "body", "tag", "lang", "dir", "silent", "data"}
    assert note["navigate"] == "https://care.example/?reminder=123456#/reviews/7"
    assert set(note["data"]) == {"url", "kind", "count", "delivery", "v"}
    assert {r.url for r in found} == {"#/reviews/7"}


def waiting(worker: int, rid: str, days: float, assessors: tuple[int, ...] = (5,), org: int = 1) -> WaitingEvidence:
    return WaitingEvidence(org, worker, rid, NOON - timedelta(days=days), assessors)


def test_evidence_waiting_too_long_is_batched_into_one_reminder_per_assessor() -> None:
    items = [waiting(1, "a", 8), waiting(1, "b", 9), waiting(3, "c", 10, (5, 6)), waiting(4, "d", 2)]
    found = queue_reminders(items, {}, NOON)
    assert sorted((r.user_id, r.body) for r in found) == [
        (5, "3 pieces of evidence are waiting for your assessment"),
        (6, "1 piece of evidence is waiting for your assessment"),
    ]
    assert {r.url for r in found} == {"#/assess"}


def test_the_waiting_threshold_is_set_per_organisation() -> None:
    items = [waiting(1, "a", 3, org=1), waiting(2, "b", 3, (6,), org=2)]
    found = queue_reminders(items, {2: OrgRules(queue_after_days=2)}, NOON)
    assert [r.user_id for r in found] == [6]


def test_the_queue_reminder_repeats_at_most_daily() -> None:
    items = [waiting(1, "a", 8)]
    morning = queue_reminders(items, {}, NOON - timedelta(hours=3))
    evening = queue_reminders(items, {}, NOON + timedelta(hours=8))
    tomorrow = queue_reminders(items, {}, NOON + timedelta(days=1))
    assert keys(morning) == keys(evening) != keys(tomorrow)


def decision(outcome: str = "referred", rid: str = "dc-1", hours: float = 1) -> Decision:
    return Decision(1, 1, rid, "ev-1", outcome, NOON - timedelta(hours=hours))  # type: ignore[arg-type]


def test_a_referral_reminds_the_worker_and_opens_the_item() -> None:
    reminder = feedback_reminder(decision(), NOON)
    assert reminder is not None
    assert (reminder.user_id, reminder.url, reminder.kind) == (1, "#/evidence/ev-1", "feedback_referred")


def test_referring_the_same_item_again_is_a_new_event() -> None:
    first, again = feedback_reminder(decision(rid="dc-1"), NOON), feedback_reminder(decision(rid="dc-2"), NOON)
    assert first is not None and again is not None and first.key != again.key


def test_old_decisions_are_not_announced() -> None:
    assert feedback_reminder(decision(hours=24 * 4), NOON) is None


def test_due_reminders_gathers_every_source() -> None:
    found = due_reminders([review(date(2025, 3, 10))], [waiting(1, "a", 8)], [decision("accepted")], {}, NOON)
    assert {r.kind for r in found} == {"review_today", "queue", "feedback_accepted"}


def test_quiet_hours_across_midnight_in_the_device_time_zone() -> None:
    night = datetime(2025, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 BST
    assert in_quiet_hours(night, "Europe/London", 22 * 60, 7 * 60)
    assert not in_quiet_hours(night, "UTC", 23 * 60, 7 * 60)
    assert not in_quiet_hours(datetime(2025, 7, 1, 6, 30, tzinfo=UTC), "Europe/London", 22 * 60, 7 * 60)


def test_daytime_quiet_hours_for_someone_who_works_nights() -> None:
    assert in_quiet_hours(datetime(2025, 1, 1, 10, 0, tzinfo=UTC), "Europe/London", 8 * 60, 16 * 60)
    assert not in_quiet_hours(datetime(2025, 1, 1, 17, 0, tzinfo=UTC), "Europe/London", 8 * 60, 16 * 60)


def test_no_quiet_hours_when_start_equals_end_or_unset() -> None:
    assert not in_quiet_hours(NOON, "Europe/London", 600, 600)
    assert not in_quiet_hours(NOON, "Europe/London", None, None)


def test_plan_sends_to_every_device_that_asked_and_holds_quiet_ones() -> None:
    found = review_reminders(review(date(2025, 3, 10), None), RULES, NOON)
    devices = [
        Subscriber(1, user_id=1),
        Subscriber(2, user_id=1, reviews=False),
        Subscriber(3, user_id=1, quiet_start=11 * 60, quiet_end=13 * 60),
        Subscriber(4, user_id=99),
    ]
    result = plan(found, devices, NOON)
    assert [s.subscription_id for s in result.sends] == [1]
    assert [s.subscription_id for s in result.held] == [3]
