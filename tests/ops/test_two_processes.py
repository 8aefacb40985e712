"""Two `carefolio serve` processes on one PostgreSQL database and one shared data directory:
a worker's phone syncing with process A and the assessor's tablet syncing with process B
converge, and each sees the other's pushes on its own process's live channel."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from sync.client import LocalRecord, SyncClient
from sync.messages import SCHEMA_VERSION
from tests.support.aio import run as run_coroutine
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresTestServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SYNC_HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": str(SCHEMA_VERSION)}


@dataclass
class Device:
    user_id: int
    token: str
    device_id: str


@dataclass
class Pair:
    a: LiveServer
    b: LiveServer
    worker: Device
    assessor: Device

    @property
    def portfolio(self) -> str:
        return f"portfolio:{self.worker.user_id}"


async def enrolled_worker_and_assessor(database_url: str) -> tuple[Device, Device]:
    """A worker and their assessor (an active enrolment), each signed in on one device."""
    from server import db
    from server.accounts.sessions import open_session
    from server.models import Enrolment, Membership, Organisation, Role, User

    await db.connect(database_url)
    try:
        org = await Organisation.create(name="Two Process Care")
        devices = []
        for role in (Role.WORKER, Role.ASSESSOR):
            user = await User.create(email=f"{role.value}@two.test", display_name=role.value,
                                     password_hash="x")
            await Membership.create(user=user, organisation=org, role=role)
            token, session = await open_session(user.id, None, "test", datetime.now(UTC))
            devices.append(Device(user.id, token, session.device_id))
        worker, assessor = devices
        await Enrolment.create(organisation=org, worker_id=worker.user_id,
                               assessor_id=assessor.user_id, standard_code="SCDHSC0389",
                               start_date=date(2025, 1, 6))
    finally:
        await db.disconnect()
    return worker, assessor


@pytest.fixture
def pair(postgres_server: PostgresTestServer, tmp_path: Path) -> Iterator[Pair]:
    postgres_server.truncate_all()
    worker, assessor = run_coroutine(enrolled_worker_and_assessor(postgres_server.url))
    shared = tmp_path / "shared-data"
    apps = [LiveServer(shared, "--database-url", postgres_server.url, "--log-level", "warning",
                       "--reminder-interval", "0") for _ in range(2)]
    try:
        for app in apps:
            app.start()
        yield Pair(apps[0], apps[1], worker, assessor)
    finally:
        for app in apps:
            app.stop()
        postgres_server.truncate_all()


@dataclass
class EventStream:
    """`GET /sync/events` of one process, read in the background."""

    hello: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Queue[dict[str, object]] = field(default_factory=asyncio.Queue)

    async def read(self, base_url: str, token: str) -> None:
        headers = {**SYNC_HEADERS, "Authorization": f"Bearer {token}"}
        timeout = httpx.Timeout(10, read=60)
        async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as http:
            async with http.stream("GET", "/sync/events", headers=headers) as stream:
                assert stream.status_code == 200
                event = ""
                async for line in stream.aiter_lines():
                    if line.startswith("event: "):
                        event = line.removeprefix("event: ")
                        if event == "hello":
                            self.hello.set()
                    elif line.startswith("data: ") and event == "changed":
                        await self.changed.put(json.loads(line.removeprefix("data: ")))

    async def wait_for(self, scope: str, version: int) -> dict[str, object]:
        """The first `changed` event for `scope` at `version` or later (waits at most 10 s)."""
        async def first() -> dict[str, object]:
            while True:
                event = await self.changed.get()
                if event["scope"] == scope and int(str(event["version"])) >= version:
                    return event

        return await asyncio.wait_for(first(), 10)


@contextlib.asynccontextmanager
async def listening(base_url: str, token: str) -> AsyncIterator[EventStream]:
    """A live stream on `base_url`, open (its `hello` received) for the body of the block."""
    stream = EventStream()
    task = asyncio.create_task(stream.read(base_url, token))
    try:
        await asyncio.wait_for(stream.hello.wait(), 10)
        yield stream
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def http_for(base_url: str, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=10,
                             headers={"Authorization": f"Bearer {token}"})


def comparable(records: dict[str, dict[str, LocalRecord]]) -> dict[str, dict[str, object]]:
    return {scope: {rid: (r.entity, r.version, r.fields, r.versions) for rid, r in rs.items()}
            for scope, rs in records.items()}


async def fresh_full_pull(base_url: str, device: Device) -> dict[str, dict[str, object]]:
    async with http_for(base_url, device.token) as http:
        client = SyncClient(http, device.device_id)
        await client.pull()
        return comparable(client.snapshot())


async def test_devices_on_different_processes_converge_and_see_each_others_changes_live(
    pair: Pair,
) -> None:
    scope = pair.portfolio
    async with (
        http_for(pair.a.url, pair.worker.token) as worker_http,
        http_for(pair.b.url, pair.assessor.token) as assessor_http,
        listening(pair.a.url, pair.worker.token) as on_a,
        listening(pair.b.url, pair.assessor.token) as on_b,
    ):
        phone = SyncClient(worker_http, pair.worker.device_id)
        tablet = SyncClient(assessor_http, pair.assessor.device_id)
        await phone.pull()
        await tablet.pull()
        assert scope in tablet.state.cursors, "the enrolment should show the portfolio"

        # The worker captures two items on process A and submits the first.
        first = phone.create(scope, "evidence", {
            "kind": "observation", "title": "Hoist transfer", "occurred_at": "2025-05-30",
            "criteria": ["SCDHSC0389/1/P3"]})
        second = phone.create(scope, "evidence", {
            "kind": "reflective_account", "title": "Night shift", "occurred_at": "2025-05-31"})
        phone.transition(scope, "evidence", first, "submitted")
        answer = await phone.push()
        assert answer is not None and [r.result for r in answer.results] == ["applied"] * 3
        version = answer.results[-1].version or 0
        assert (await on_b.wait_for(scope, version))["scope"] == scope

        # The assessor, told by process B, pulls there and judges the first item.
        await tablet.pull()
        assert tablet.snapshot()[scope][first].fields["status"] == "submitted"
        tablet.create(scope, "decision", {
            "evidence_id": first, "outcome": "accepted", "feedback": "Safe and well explained.",
            "judgements": {"SCDHSC0389/1/P3": "met"}, "decided_at": "2025-06-01T10:00:00Z"})
        tablet.transition(scope, "evidence", first, "accepted")
        # Meanwhile, the assessor records an observation of the worker (on B) while the
        # worker, not having pulled it, edits and submits the second item (on A).
        observed = tablet.create(scope, "evidence", {
            "kind": "observation", "title": "Observed medication round",
            "occurred_at": "2025-06-01", "criteria": ["SCDHSC0024/1/K2"]})
        phone.update(scope, "evidence", second, set={"title": "Night shift, reflected"},
                     add={"criteria": ["SCDHSC0389/1/P4"]})
        phone.transition(scope, "evidence", second, "submitted")
        answer = await tablet.push()
        assert answer is not None and [r.result for r in answer.results] == ["applied"] * 3
        assert (await on_a.wait_for(scope, answer.results[-1].version or 0))["scope"] == scope
        answer = await phone.push()
        assert answer is not None and [r.result for r in answer.results] == ["applied"] * 2

        for client in (phone, tablet, phone, tablet):
            await client.sync()

    worker_view = comparable(phone.snapshot())[scope]
    assessor_view = comparable(tablet.snapshot())[scope]
    assert worker_view == assessor_view
    for base_url in (pair.a.url, pair.b.url):
        assert (await fresh_full_pull(base_url, pair.worker))[scope] == worker_view
        assert (await fresh_full_pull(base_url, pair.assessor))[scope] == assessor_view
    items = phone.snapshot()[scope]
    assert items[first].fields["status"] == "accepted"
    assert items[second].fields["title"] == "Night shift, reflected"
    assert items[second].fields["status"] == "submitted"
    assert items[observed].fields["criteria"] == ["SCDHSC0024/1/K2"]
    assert items[observed].fields["title"] == "Observed medication round"
    decisions = [r for r in items.values() if r.entity == "decision"]
    assert [d.fields["evidence_id"] for d in decisions] == [first]
