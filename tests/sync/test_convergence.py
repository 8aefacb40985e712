"""Stateful property: a worker on two devices and an assessor edit offline at random while the
network drops, duplicates, delays and reorders pushes. At quiescence every client equals
the server, every mutation got exactly one outcome, every rejection is visible to its
author, and no text was lost without someone having seen it first."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from server import db
from server.app import create_app
from server.models import Enrolment
from server.settings import Settings
from sync import store
from sync.client import SyncClient, SyncError
from tests.conftest import BACKENDS
from tests.support.people import People

CRITERIA = ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2", "SCDHSC0389/1/K3"]
FAULTS = ["none", "none", "drop_request", "drop_response", "duplicate"]


class Flaky(httpx.AsyncBaseTransport):
    """An unreliable network: the next request may be lost, its answer lost, or sent twice."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.fault = "none"
        self.captured: list[tuple[dict[str, str], bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault, self.fault = self.fault, "none"
        if request.url.path == "/sync/push":
            self.captured.append((dict(request.headers), request.content))
        if fault == "drop_request":
            raise httpx.ConnectError("dropped on the way")
        response = await self.inner.handle_async_request(request)
        if fault in ("duplicate", "drop_response"):
            await response.aread()
        if fault == "duplicate":
            response = await self.inner.handle_async_request(request)
        if fault == "drop_response":
            raise httpx.ReadError("answer lost")
        return response


class Device:
    def __init__(self, name: str, app: Any, token: str, device_id: str, portfolio: str) -> None:
        self.name = name
        self.flaky = Flaky(httpx.ASGITransport(app=app, raise_app_exceptions=False))
        self.http = httpx.AsyncClient(transport=self.flaky, base_url="http://testserver",
                                      headers={"Authorization": f"Bearer {token}"})
        self.client = SyncClient(self.http, device_id, retry_scale=0.0)
        self.portfolio = portfolio
        self.last_text: dict[tuple[str, str], str] = {}


class Convergence(RuleBasedStateMachine):
    url: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.texts = 0
        self.ids: list[str] = []
        self.superseded: set[str] = set()
        self.run(self._setup())

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    async def _setup(self) -> None:
        await db.connect(self.url)
        self.app = create_app(Settings(data_dir=Path(tempfile.mkdtemp()), database_url=self.url),
                              manage_database=False)
        self.lifespan = self.app.router.lifespan_context(self.app)
        await self.lifespan.__aenter__()
        people = People(self.app)
        worker = await people.signed_in("worker")
        assessor = await people.signed_in("assessor")
        tablet = await people.sign_in(worker.user)
        await Enrolment.create(organisation=worker.organisation, worker=worker.user,
                               assessor=assessor.user, standard_code="SCDHSC0389",
                               start_date=date(2025, 1, 6))
        self.portfolio = f"portfolio:{worker.id}"
        self.devices = [Device(name, self.app, p.token, p.device_id, self.portfolio)
                        for name, p in (("phone", worker), ("tablet", tablet),
                                        ("assessor", assessor))]
        self.authors = {d.client.state.device_id: p.id for d, p in
                        zip(self.devices, (worker, worker, assessor), strict=True)}

    def _text(self) -> str:
        self.texts += 1
        return f"text-{self.texts}"

    def _device(self, index: int) -> Device:
        return self.devices[index]

    @rule(who=st.integers(0, 2))
    def create(self, who: int) -> None:
        device = self._device(who)
        text = self._text()
        rid = device.client.create(self.portfolio, "evidence",
                                   {"kind": "observation", "description": text})
        device.last_text[(rid, "description")] = text
        self.ids.append(rid)

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), field=st.sampled_from(
        ["title", "description"]))
    def edit(self, who: int, pick: int, field: str) -> None:
        if not self.ids:
            return
        device, rid = self._device(who), self.ids[pick % len(self.ids)]
        held = device.client.record(self.portfolio, rid)
        if held is not None and isinstance(held.fields.get(field), str):
            self.superseded.add(held.fields[field])  # this device saw it before changing it
        text = self._text()
        device.client.update(self.portfolio, "evidence", rid, set={field: text})
        device.last_text[(rid, field)] = text

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), add=st.booleans(),
          criterion=st.sampled_from(CRITERIA))
    def link(self, who: int, pick: int, add: bool, criterion: str) -> None:
        if self.ids:
            change = {"criteria": [criterion]}
            rid = self.ids[pick % len(self.ids)]
            self._device(who).client.update(self.portfolio, "evidence", rid,
                                            add=change if add else None,
                                            remove=None if add else change)

    @rule(who=st.integers(0, 1), pick=st.integers(0, 50))
    def delete(self, who: int, pick: int) -> None:
        if self.ids:
            self._device(who).client.delete(self.portfolio, "evidence",
                                            self.ids[pick % len(self.ids)])

    @rule(pick=st.integers(0, 50), to=st.sampled_from(["submitted", "accepted"]))
    def workflow(self, pick: int, to: str) -> None:
        if self.ids:
            device = self.devices[2 if to == "accepted" else 0]
            device.client.transition(self.portfolio, "evidence", self.ids[pick % len(self.ids)],
                                     to)

    @rule(who=st.integers(0, 2), fault=st.sampled_from(FAULTS))
    def push(self, who: int, fault: str) -> None:
        device = self._device(who)
        device.flaky.fault = fault
        try:
            self.run(device.client.push())
        except (httpx.TransportError, SyncError):
            pass
        finally:
            device.flaky.fault = "none"

    @rule(who=st.integers(0, 2))
    def pull(self, who: int) -> None:
        self.run(self._device(who).client.pull(limit=7))

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
    def replay_an_old_push(self, who: int, pick: int) -> None:
        """A delayed copy of an earlier push arrives late, out of order."""
        device = self._device(who)
        if device.flaky.captured:
            headers, body = device.flaky.captured[pick % len(device.flaky.captured)]
            response = self.run(device.flaky.inner.handle_async_request(httpx.Request(
                "POST", "http://testserver/sync/push", headers=headers, content=body)))
            assert self.run(response.aread()) is not None

    @invariant()
    def counters_never_pass_what_a_device_numbered(self) -> None:
        for device in self.devices:
            counter = self.run(store.read_counter(store.default(), device.client.state.device_id))
            assert (counter or 0) < device.client.state.next_n

    def teardown(self) -> None:
        try:
            self.run(self._quiesce_and_check())
        finally:
            self.run(self.lifespan.__aexit__(None, None, None))
            self.run(db.disconnect())
            self.loop.close()

    async def _quiesce_and_check(self) -> None:
        for device in self.devices:
            await device.client.push()
        for device in self.devices:
            await device.client.pull(limit=7)
            assert not device.client.state.outbox
        fresh = await self._fresh_view()
        for device in self.devices:
            assert _plain(device.client.snapshot().get(self.portfolio, {})) == fresh
        self._check_outcomes()
        await self._check_no_text_lost()

    async def _fresh_view(self) -> dict[str, Any]:
        rows = await store.query(store.default(), "SELECT rid, entity, version, fields_json "
                                 "FROM sync_record WHERE scope = ? AND deleted = ?",
                                 [self.portfolio, False])
        return {r["rid"]: (r["entity"], r["version"], msgspec.json.decode(r["fields_json"]))
                for r in rows}

    def _check_outcomes(self) -> None:
        for device in self.devices:
            st_ = device.client.state
            assert sorted(st_.results) == list(range(1, st_.next_n))
            inbox = device.client.snapshot().get(f"user:{self.authors[st_.device_id]}", {})
            for n, result in st_.results.items():
                if result.result == "rejected":
                    assert f"rej-{st_.device_id}-{n}" in inbox

    async def _check_no_text_lost(self) -> None:
        rows = await store.query(store.default(), "SELECT fields_json FROM sync_record")
        kept: set[str] = set()
        for row in rows:
            _strings(msgspec.json.decode(row["fields_json"]), kept)
        for device in self.devices:
            for text in device.last_text.values():
                assert text in kept or text in self.superseded, f"{text} was lost"


def _plain(records: dict[str, Any]) -> dict[str, Any]:
    return {rid: (r.entity, r.version, r.fields) for rid, r in records.items()}


def _strings(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_clients_converge_and_nothing_is_lost(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path,
) -> None:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        counter = iter(range(10_000))

        def fresh() -> str:
            target = tmp_path / f"db{next(counter)}.sqlite3"
            shutil.copy(template, target)
            return f"sqlite://{target}"
    else:
        server = request.getfixturevalue("postgres_server")

        def fresh() -> str:
            server.truncate_all()
            return str(server.url)

    class Machine(Convergence):
        def __init__(self) -> None:
            type(self).url = fresh()
            super().__init__()

    run_state_machine_as_test(Machine, settings=settings(
        max_examples=12, stateful_step_count=30, deadline=None,
        suppress_health_check=list(HealthCheck)))
