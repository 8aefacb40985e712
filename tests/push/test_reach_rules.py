"""The pure rules of proof of reach: what a receipt changes, and how a person is reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.push.reach import Change, ChannelCount, Receipt, changes, how_reached

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)


def test_the_first_time_of_each_event_wins_and_a_time_in_the_future_is_now() -> None:
    found = changes([Receipt(1, "shown", EARLIER), Receipt(1, "shown", NOW),
                     Receipt(2, "tapped", NOW + timedelta(days=1))],
                    {1: ("push", False, False), 2: ("email", False, False)}, NOW)
    assert found == [Change(1, "push", EARLIER, None), Change(2, "email", NOW, NOW)]


def test_a_receipt_already_recorded_or_for_a_row_not_the_persons_changes_nothing() -> None:
    found = changes([Receipt(1, "shown", NOW), Receipt(9, "tapped", NOW)],
                    {1: ("push", True, False)}, NOW)
    assert found == []


def test_a_tap_after_the_showing_keeps_the_showings_time() -> None:
    assert changes([Receipt(1, "tapped", NOW)], {1: ("push", True, False)}, NOW) == [
        Change(1, "push", None, NOW)]


def test_how_a_person_is_reached() -> None:
    shown = [ChannelCount("push", 3, 1)]
    unseen = [ChannelCount("push", 3, 0), ChannelCount("email", 2, 2)]
    assert how_reached(1, shown, mail=False) == "push_shown"
    assert how_reached(2, unseen, mail=True) == "push_not_shown"
    assert how_reached(1, [], mail=True) == "push_waiting"
    assert how_reached(0, shown, mail=True) == "email"  # the subscription is gone now
    assert how_reached(0, [], mail=False) == "in_app"
