"""Progress-review due dates on calendar edges: month ends, leap years, clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.reviews.schedule import (
    HeldReview,
    Stage,
    add_months,
    days_overdue,
    interval_after,
    last_held_for,
    local_today,
    next_review_due,
    review_anchor,
    review_due,
    stage,
)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2025, 11, 30), date(2026, 2, 28)),
        (date(2023, 11, 30), date(2024, 2, 29)),
        (date(2023, 11, 29), date(2024, 2, 29)),
        (date(2024, 11, 29), date(2025, 2, 28)),
        (date(2025, 5, 31), date(2025, 8, 31)),
        (date(2025, 3, 31), date(2025, 6, 30)),
        (date(2025, 10, 15), date(2026, 1, 15)),
        (date(2024, 2, 29), date(2024, 5, 29)),
        (date(2025, 12, 31), date(2026, 3, 31)),
    ],
)
def test_three_calendar_months_clamp_to_the_end_of_a_shorter_month(start: date, due: date) -> None:
    assert interval_after(start, "calendar_3_months", None) == due


def test_twelve_weeks_is_eighty_four_days_across_a_leap_day() -> None:
    assert interval_after(date(2024, 1, 1), "weeks_12", None) == date(2024, 3, 25)
    assert interval_after(date(2025, 1, 1), "weeks_12", None) == date(2025, 3, 26)


def test_an_agreed_interval_counts_its_days() -> None:
    assert interval_after(date(2025, 2, 20), "custom", 14) == date(2025, 3, 6)


def test_an_agreed_interval_without_days_is_refused() -> None:
    with pytest.raises(ValueError, match="interval"):
        interval_after(date(2025, 2, 20), "custom", None)


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        interval_after(date(2025, 2, 20), "fortnightly", None)


def test_the_interval_counts_from_the_start_until_a_review_is_held() -> None:
    assert next_review_due(date(2025, 1, 10), "weeks_12", None, None) == date(2025, 4, 4)


def test_the_interval_counts_from_the_last_held_review() -> None:
    due = next_review_due(date(2025, 1, 10), "calendar_3_months", None, date(2025, 3, 31))
    assert due == date(2025, 6, 30)


def test_a_review_held_before_the_start_does_not_count() -> None:
    assert review_anchor(date(2025, 6, 1), date(2025, 5, 1)) == date(2025, 6, 1)


def test_a_summer_evening_in_utc_is_already_tomorrow_in_london() -> None:
    assert local_today(datetime(2025, 7, 1, 23, 30, tzinfo=UTC)) == date(2025, 7, 2)


def test_a_winter_evening_in_utc_is_still_today_in_london() -> None:
    assert local_today(datetime(2025, 12, 1, 23, 30, tzinfo=UTC)) == date(2025, 12, 1)


def test_the_night_clocks_go_back_changes_the_date_at_local_midnight() -> None:
    # 26 October 2025: BST ends at 01:00 UTC. 23:30 UTC on the 25th is 00:30 BST on the 26th.
    assert local_today(datetime(2025, 10, 25, 22, 59, tzinfo=UTC)) == date(2025, 10, 25)
    assert local_today(datetime(2025, 10, 25, 23, 0, tzinfo=UTC)) == date(2025, 10, 26)


def test_the_night_clocks_go_forward_changes_the_date_at_local_midnight() -> None:
    # 30 March 2025: BST starts at 01:00 UTC; midnight before it is still GMT.
    assert local_today(datetime(2025, 3, 29, 23, 59, tzinfo=UTC)) == date(2025, 3, 29)
    assert local_today(datetime(2025, 3, 30, 0, 0, tzinfo=UTC)) == date(2025, 3, 30)
    assert local_today(datetime(2025, 3, 30, 23, 0, tzinfo=UTC)) == date(2025, 3, 31)


def test_a_review_due_on_the_day_the_clocks_change_is_due_that_local_day() -> None:
    due = date(2025, 10, 26)
    late_saturday_utc = datetime(2025, 10, 25, 23, 30, tzinfo=UTC)
    assert stage(due, local_today(late_saturday_utc), 7) is Stage.TODAY
    late_sunday_utc = datetime(2025, 10, 26, 23, 30, tzinfo=UTC)  # GMT again: still Sunday
    assert stage(due, local_today(late_sunday_utc), 7) is Stage.TODAY


def test_another_organisation_time_zone_is_honoured() -> None:
    now = datetime(2025, 7, 1, 20, 0, tzinfo=UTC)
    assert local_today(now, "Asia/Tokyo") == date(2025, 7, 2)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_today(datetime(2025, 7, 1, 20, 0))


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2025, 3, 20), Stage.LATER),
        (date(2025, 3, 17), Stage.SOON),
        (date(2025, 3, 11), Stage.SOON),
        (date(2025, 3, 10), Stage.TODAY),
        (date(2025, 3, 9), Stage.OVERDUE),
    ],
)
def test_stages_around_the_due_date(due: date, expected: Stage) -> None:
    assert stage(due, date(2025, 3, 10), 7) is expected


def test_days_overdue_is_zero_until_the_due_date_has_passed() -> None:
    assert days_overdue(date(2025, 3, 10), date(2025, 3, 10)) == 0
    assert days_overdue(date(2025, 3, 10), date(2025, 3, 17)) == 7


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=48))
def test_adding_months_lands_in_the_right_month_never_after_the_same_day(start: date, months: int) -> None:
    due = add_months(start, months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    assert due.day <= start.day
    if due.day < start.day:
        assert (due + timedelta(days=1)).day == 1  # clamped only to a month's last day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.sampled_from(["weeks_12", "calendar_3_months", "custom"]),
       st.integers(min_value=7, max_value=366))
def test_the_next_review_is_always_after_its_anchor_and_within_a_year(start: date, rule: str, days: int) -> None:
    due = next_review_due(start, rule, days if rule == "custom" else None, None)
    assert start < due <= start + timedelta(days=366)


def test_the_last_review_counts_for_the_standards_it_names_or_for_all_when_it_names_none() -> None:
    reviews = [HeldReview(date(2026, 3, 2), frozenset({"SCDHSC0389"})),
               HeldReview(date(2026, 1, 5), frozenset()),
               HeldReview(date(2026, 4, 1), frozenset({"SCDLMCB4", "SCDLMCB6"}))]
    def day(code: str, held: list[HeldReview] = reviews) -> date | None:
        last = last_held_for(held, code)
        return last.held_on if last else None

    assert day("SCDHSC0389") == date(2026, 3, 2)
    assert day("SCDHSC3110") == date(2026, 1, 5)
    assert day("SCDLMCB6") == date(2026, 4, 1)
    assert day("SCDHSC3110", reviews[:1]) is None


def test_an_earlier_agreed_next_date_brings_the_review_forward_and_a_later_one_does_not() -> None:
    start = date(2026, 1, 5)
    held = date(2026, 3, 2)  # 12 weeks on: 25 May
    assert review_due(start, "weeks_12", None, None) == date(2026, 3, 30)
    assert review_due(start, "weeks_12", None, HeldReview(held, frozenset())) == date(2026, 5, 25)
    sooner = HeldReview(held, frozenset(), agreed_next=date(2026, 4, 20))
    assert review_due(start, "weeks_12", None, sooner) == date(2026, 4, 20)
    later = HeldReview(held, frozenset(), agreed_next=date(2026, 7, 1))
    assert review_due(start, "weeks_12", None, later) == date(2026, 5, 25)
    nonsense = HeldReview(held, frozenset(), agreed_next=date(2026, 2, 1))  # before the review
    assert review_due(start, "weeks_12", None, nonsense) == date(2026, 5, 25)
    before_start = HeldReview(date(2025, 12, 1), frozenset(), agreed_next=date(2026, 1, 10))
    assert review_due(start, "weeks_12", None, before_start) == date(2026, 3, 30)
    same_day = [later, sooner]
    assert last_held_for(same_day, "SCDHSC0389") == sooner
