"""The daily purge keeps recent tombstones and removes those past the horizon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync.maintenance import TOMBSTONE_HORIZON, purge_once
from sync.models import SyncRecord
from tests.sync.conftest import Team


async def test_only_tombstones_older_than_the_horizon_are_purged(team: Team) -> None:
    phone = team.client(team.worker)
    rid = phone.create(team.portfolio, "evidence", {"kind": "observation", "title": "x"})
    await phone.sync()
    phone.delete(team.portfolio, "evidence", rid)
    await phone.sync()
    now = datetime.now(UTC)
    assert await purge_once(now) == 0
    assert await SyncRecord.filter(rid=rid, deleted=True).exists()
    assert await purge_once(now + TOMBSTONE_HORIZON + timedelta(minutes=1)) == 1
    assert not await SyncRecord.filter(rid=rid).exists()
