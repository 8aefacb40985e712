"""The evidence read model follows each push: a new row on create, the row updated in place
after, and the moment an item was submitted kept through later edits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.assessment.models import EvidenceIndex
from sync.client import SyncClient
from tests.support.clock import FrozenClock
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime.now(UTC))


async def test_edits_update_the_row_and_keep_when_it_was_submitted(
    people: People, clock: FrozenClock
) -> None:
    worker = await people.signed_in("worker")
    phone = SyncClient(worker.client, worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    scope = f"portfolio:{worker.id}"
    rid = phone.create(scope, "evidence", {"kind": "observation", "title": "Draft",
                                           "criteria": ["SCDHSC0389/1/P1"]})
    await phone.sync()
    draft = await EvidenceIndex.get(scope=scope, rid=rid)
    assert (draft.title, draft.status, draft.submitted_at) == ("Draft", "draft", None)

    clock.advance(minutes=5)
    phone.update(scope, "evidence", rid, set={"title": "Night round"},
                 add={"criteria": ["SCDHSC0389/1/P2"]})
    await phone.sync()
    edited = await EvidenceIndex.get(scope=scope, rid=rid)
    assert (edited.title, edited.status, edited.submitted_at) == ("Night round", "draft", None)
    assert sorted(edited.criteria) == ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"]
    assert edited.status_changed_at == draft.status_changed_at  # the status did not move
    assert edited.updated_at > draft.updated_at

    phone.transition(scope, "evidence", rid, "submitted")
    await phone.sync()
    submitted = await EvidenceIndex.get(scope=scope, rid=rid)
    assert submitted.status == "submitted" and submitted.submitted_at is not None
    assert submitted.status_changed_at > edited.status_changed_at

    clock.advance(minutes=5)
    phone.update(scope, "evidence", rid, set={"title": "Night round, 2 a.m."})
    await phone.sync()
    later = await EvidenceIndex.get(scope=scope, rid=rid)
    assert later.title == "Night round, 2 a.m."
    assert later.submitted_at == submitted.submitted_at  # still waiting since it was submitted
    assert later.status_changed_at == submitted.status_changed_at
    assert await EvidenceIndex.filter(scope=scope).count() == 1
