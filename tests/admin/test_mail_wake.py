"""The delivery loop stops when the app stops, even when a message woke it at that moment.

Python 3.11's `asyncio.wait_for` returns the inner result when the cancel arrives in the
same turn as the inner wait completes, swallowing the cancel: the loop then slept for its
whole interval (an hour by default) and shutdown hung (seen as a hanging test teardown
right after a test that queued mail)."""

from __future__ import annotations

import asyncio

import pytest

from server.mail import outbox


async def test_a_wake_in_the_same_turn_as_the_stop_does_not_swallow_the_stop() -> None:
    waiting = asyncio.create_task(outbox.wait_for_wake(3600))
    await asyncio.sleep(0)  # the loop is waiting for a wake
    outbox.wake()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(waiting, 5)


async def test_a_wake_ends_the_wait_early_and_a_quiet_interval_ends_it_on_time() -> None:
    waiting = asyncio.create_task(outbox.wait_for_wake(3600))
    await asyncio.sleep(0)
    outbox.wake()
    await asyncio.wait_for(waiting, 5)
    await outbox.wait_for_wake(0.01)  # nothing woke it: returns after the interval


async def test_the_loop_stops_when_a_library_swallowed_the_stop_inside_a_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from server.mail import delivery
    from server.mail.sender import SmtpConfig

    inside = asyncio.Event()

    async def a_send_that_swallows_cancels(config: SmtpConfig, now: object) -> None:
        inside.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            pass  # as wait_for inside aiosmtplib does on 3.11 when its read completes then

    monkeypatch.setattr(delivery, "deliver_due", a_send_that_swallows_cancels)
    config = SmtpConfig(host="127.0.0.1", port=1, security="none", user="", password="",
                        sender="carefolio@example.org")
    loop = asyncio.create_task(delivery.run(config, 3600, lambda: None))  # type: ignore[arg-type]
    await asyncio.wait_for(inside.wait(), 5)
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(loop, 5)
