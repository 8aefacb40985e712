"""Fixtures for push tests: the local push service, VAPID keys, a sender that does not
really sleep, and helpers for people's devices, enrolments and evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from server.models import Enrolment
from server.push.sender import Sender
from server.push.vapid import VapidKeys, keys_for
from sync import store as sync_store
from sync.merge import FieldVersion, RecordState
from tests.push.receiver import Receiver
from tests.support.people import Person

SUBJECT = "mailto:operator@localhost"
CSRF = {"X-Carefolio": "1"}


@pytest.fixture
def keys(app, settings) -> VapidKeys:  # type: ignore[no-untyped-def]
    """The same key pair the app serves (loaded from the database when the app started)."""
    return keys_for(settings.data_dir)


@pytest.fixture
def receiver(keys: VapidKeys) -> Iterator[Receiver]:
    running = Receiver(expected_key=keys.public_key).start()
    yield running
    running.stop()


@pytest.fixture
def push_app(app):  # type: ignore[no-untyped-def]
    app.state.context.push_http_hosts = frozenset({"127.0.0.1"})  # the local receiver is a "push service"
    return app


@dataclass
class Sleeps:
    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_sender(keys: VapidKeys, sleeps: Sleeps):  # type: ignore[no-untyped-def]
    def make(**options: Any) -> Sender:
        return Sender(keys, SUBJECT, sleep=sleeps, **options)

    return make


async def subscribe(person: Person, receiver: Receiver, name: str, **prefs: Any) -> dict[str, Any]:
    """Turn notifications on for this person's device, through the real API."""
    info = receiver.subscribe(name)
    response = await person.client.put("/api/push/subscription", headers=CSRF,
                                       json={**info, "preferences": prefs})
    assert response.status_code == 200, response.text
    return info


async def enrol(worker: Person, assessor: Person | None, due: date) -> Enrolment:
    """An enrolment whose rule puts its next review on `due` (an agreed 30-day interval)."""
    return await Enrolment.create(
        organisation=worker.organisation, worker_id=worker.id,
        assessor_id=assessor.id if assessor else None, standard_code="SCDHSC0389",
        start_date=due - timedelta(days=30), review_rule="custom", review_interval_days=30,
        review_reason="test", next_review_due=due,
    )


async def sync_record(worker_id: int, rid: str, entity: str, fields: dict[str, Any],
                      at: datetime, version: int = 1, status_version: int | None = None) -> None:
    """Write a record as the sync engine does (its own store function)."""
    versions = {name: FieldVersion(version, "device-1") for name in fields}
    if status_version is not None:
        versions["status"] = FieldVersion(status_version, "device-1")
    state = RecordState(entity=entity, id=rid, scope=f"portfolio:{worker_id}", created_by=worker_id,
                        fields=fields, versions=versions, version=version)
    await sync_store.save(sync_store.default(), [state], at)
    head = "INSERT INTO sync_scope (scope, version, purged_below) VALUES (?, ?, 0) ON CONFLICT (scope) DO UPDATE SET version = excluded.version"
    await sync_store.query(sync_store.default(), head, [state.scope, version])
