"""Several server processes on PostgreSQL: only one holds the sending lease, and even
engines running at once without it send nothing twice."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.push import store
from server.push.scheduler import LEASE, Scheduler
from tests.push.conftest import enrol, subscribe
from tests.push.receiver import Receiver

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
POSTGRES = [pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("database_url", POSTGRES, indirect=True)
async def test_two_processes_running_the_engine_at_once_send_nothing_twice(people, push_app, receiver: Receiver, settings, database_url: str) -> None:  # type: ignore[no-untyped-def]
    for n in range(40):
        worker = await people.signed_in("worker")
        await subscribe(worker, receiver, f"phone-{n}")
        await enrol(worker, None, NOW.date())
    command = [sys.executable, "-m", "tests.push.run_engine", database_url, str(settings.data_dir),
               NOW.isoformat(), "3"]
    processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    devices = [r.device for r in receiver.received]
    assert len(devices) == len(set(devices)) == 40
    assert receiver.attempts == 40 and receiver.rejected == []


async def test_only_one_process_holds_the_sending_lease_until_it_lapses(database: str, settings) -> None:  # type: ignore[no-untyped-def]
    conn = store.default()
    first, second = Scheduler(settings, 60, holder="a"), Scheduler(settings, 60, holder="b")
    until = NOW + timedelta(minutes=3)
    assert await store.take_lease(conn, LEASE, first.holder, NOW, until)
    assert not await store.take_lease(conn, LEASE, second.holder, NOW + timedelta(minutes=1), until)
    assert await store.take_lease(conn, LEASE, first.holder, NOW + timedelta(minutes=1), until)
    assert await store.take_lease(conn, LEASE, second.holder, until, until + timedelta(minutes=3))
    assert not await store.take_lease(conn, LEASE, first.holder, until, until)


async def test_a_process_that_does_not_hold_the_lease_sends_nothing(people, push_app, receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, NOW.date())
    holder, other = (Scheduler(settings, 60, holder=name, clock=lambda: NOW) for name in "ab")
    report = await holder.tick()
    assert report is not None and report.delivered == 1
    assert await other.tick() is None
    await holder.release()
    report = await other.tick()
    assert report is not None and (report.delivered, report.already) == (0, 1)
    assert len(receiver.received) == 1
