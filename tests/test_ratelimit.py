"""The sign-in throttle's decision, a pure function of the failure times and `now`."""

from __future__ import annotations

from server.ratelimit import wait_seconds


def test_under_the_limit_there_is_no_wait() -> None:
    assert wait_seconds([], 5, 900, 1000.0) == 0.0
    assert wait_seconds([100.0, 200.0, 300.0, 400.0], 5, 900, 1000.0) == 0.0


def test_at_the_limit_the_wait_ends_when_the_oldest_counted_failure_leaves_the_window() -> None:
    failures = [110.0, 200.0, 300.0, 400.0, 500.0]
    assert wait_seconds(failures, 5, 900, 1000.0) == 10.0  # 110 leaves at 1010
    assert wait_seconds(failures, 5, 900, 1010.0) == 0.0


def test_failures_outside_the_window_do_not_count_and_order_does_not_matter() -> None:
    failures = [500.0, 50.0, 400.0, 300.0, 200.0, 60.0]  # 50 and 60 are over 900 s old
    assert wait_seconds(failures, 5, 900, 1000.0) == 0.0
    assert wait_seconds([*failures, 600.0], 5, 900, 1000.0) == 100.0  # 200 leaves at 1100
