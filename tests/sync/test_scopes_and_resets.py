"""Grants, revocations, resets, schema versions and paginated pulls."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from server import db
from server.models import Enrolment
from sync import store
from sync.client import ClientTooOld, PullResponse, SyncClient
from tests.sync.conftest import Team

OBS = {"kind": "observation", "title": "t"}


async def test_access_revoked_while_offline_keeps_the_pending_work_and_purges(team: Team) -> None:
    assessor = team.client(team.assessor)
    phone = team.client(team.worker)
    rid = phone.create(team.portfolio, "evidence", OBS)
    await phone.sync()
    await assessor.pull()
    assessor.create(team.portfolio, "evidence", {"kind": "observation", "title": "my notes"})
    await Enrolment.filter(assessor_id=team.assessor.id).update(ended_at=datetime.now(UTC))
    await assessor.sync()
    assert team.portfolio not in assessor.state.records
    assert team.portfolio not in assessor.state.cursors
    (rejection,) = assessor.snapshot()[f"user:{team.assessor.id}"].values()
    assert rejection.fields["code"] == "scope_forbidden"
    assert rejection.fields["mutation"]["fields"]["title"] == "my notes"
    await phone.pull()
    assert list(phone.snapshot()[team.portfolio]) == [rid]


async def test_a_new_enrolment_grants_the_portfolio_at_the_next_pull(team: Team) -> None:
    from tests.sync.conftest import enrol

    other = await team.people.signed_in("assessor")
    client = team.client(other)
    await client.pull()
    assert team.portfolio not in client.state.cursors
    await enrol(team.worker, other)
    await client.pull()
    assert team.portfolio in client.state.cursors


async def test_a_device_offline_past_the_tombstone_horizon_is_reset(team: Team) -> None:
    phone = team.client(team.worker)
    laptop = team.client(await team.second_device(team.worker))
    keep = phone.create(team.portfolio, "evidence", OBS)
    gone = phone.create(team.portfolio, "evidence", OBS)
    await phone.sync()
    await laptop.pull()
    phone.delete(team.portfolio, "evidence", gone)
    await phone.sync()
    purged = await store.purge_tombstones(store.default(), datetime.now(UTC) + timedelta(days=1))
    assert purged == 1
    await laptop.pull()
    assert set(laptop.snapshot()[team.portfolio]) == {keep}
    assert laptop.state.records[team.portfolio].keys() == {keep}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_server_restored_from_an_older_backup_gets_the_lost_work_again(
    team: Team, database_url: str,
) -> None:
    phone = team.client(team.worker)
    first = phone.create(team.portfolio, "evidence", OBS)
    await phone.sync()
    path = database_url.removeprefix("sqlite://")
    _backup(path, path + ".backup")
    lost = phone.create(team.portfolio, "evidence", {"kind": "observation", "title": "lost?"})
    await phone.sync()
    await db.disconnect()
    _backup(path + ".backup", path)
    await db.connect(database_url)
    phone.create(team.portfolio, "evidence", {"kind": "observation", "title": "after"})
    await phone.sync()
    await phone.sync()
    assert not phone.state.outbox
    titles = sorted(r.fields["title"] for r in phone.snapshot()[team.portfolio].values())
    assert titles == ["after", "lost?", "t"]
    assert {first, lost} <= set(phone.snapshot()[team.portfolio])


def _backup(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


async def test_a_cursor_from_another_epoch_is_answered_with_a_reset(team: Team) -> None:
    phone = team.client(team.worker)
    phone.create(team.portfolio, "evidence", OBS)
    await phone.sync()
    await store.new_epoch(store.default())
    body = {"scopes": phone.state.cursors, "limit": 100}
    response = await team.worker.client.post("/sync/pull", json=body, headers={
        "Carefolio-Protocol": "1", "Carefolio-Schema": "2"})
    resets = {s["scope"]: s["reset"] for s in response.json()["scopes"]}
    assert resets[team.portfolio] is True
    assert len(next(s for s in response.json()["scopes"] if s["scope"] == team.portfolio)
               ["records"]) == 1


async def test_a_client_on_an_older_schema_never_sees_or_erases_newer_fields(team: Team) -> None:
    new = team.client(team.worker)
    rid = new.create(team.portfolio, "evidence", {**OBS, "duration_minutes": 45})
    await new.sync()
    old = team.client(await team.second_device(team.worker), schema=1)
    await old.pull()
    record = old.record(team.portfolio, rid)
    assert record is not None and "duration_minutes" not in record.fields
    old.update(team.portfolio, "evidence", rid, set={"title": "from the old app"})
    await old.sync()
    await new.pull()
    record = new.record(team.portfolio, rid)
    assert record is not None
    assert (record.fields["title"], record.fields["duration_minutes"]) == ("from the old app", 45)


async def test_a_client_too_old_is_told_to_update_and_keeps_its_outbox(team: Team) -> None:
    ancient = team.client(team.worker, schema=0)
    ancient.create(team.portfolio, "evidence", OBS)
    with pytest.raises(ClientTooOld):
        await ancient.push()
    assert len(ancient.state.outbox) == 1
    response = await team.worker.client.post("/sync/pull", json={}, headers={
        "Carefolio-Protocol": "0", "Carefolio-Schema": "2"})
    assert (response.status_code, response.json()["error"]["code"]) == (426, "client_too_old")


async def test_pulls_in_small_pages_while_writes_happen_never_split_a_push(team: Team) -> None:
    writer = team.client(team.worker)
    reader = team.client(team.assessor)
    seen_versions: list[int] = []
    for round_ in range(6):
        for i in range(5):
            writer.create(team.portfolio, "evidence", {"kind": "observation", "title": f"{round_}.{i}"})
        await writer.push()
        body = {"scopes": reader.state.cursors, "limit": 3}
        while True:
            raw = await reader._post("/sync/pull", body)
            page = msgspec.json.decode(raw, type=PullResponse)
            reader._apply_pull(page)
            for scope in page.scopes:
                if scope.scope == team.portfolio and scope.records:
                    versions = {r.version for r in scope.records}
                    assert int(scope.cursor.split(".")[1]) >= max(versions)
                    seen_versions.extend(versions)
            if not page.more:
                break
            body = {"scopes": reader.state.cursors, "limit": 3}
    assert len(reader.snapshot()[team.portfolio]) == 30
    assert len(seen_versions) == len(set(seen_versions)) == 6


async def _pages(reader: SyncClient, scope: str, limit: int, most: int = 20) -> list[bool]:
    """Pull page by page (at most `most` pages); the `reset` flag of `scope` on each."""
    resets: list[bool] = []
    for _ in range(most):
        body = {"scopes": reader.state.cursors, "limit": limit}
        page = msgspec.json.decode(await reader._post("/sync/pull", body), type=PullResponse)
        reader._apply_pull(page)
        resets += [s.reset for s in page.scopes if s.scope == scope]
        if not page.more:
            return resets
    raise AssertionError(f"still more after {most} pages; resets: {resets}")


async def test_a_full_state_read_in_pages_after_a_purge_ends_instead_of_starting_over(
    team: Team,
) -> None:
    writer = team.client(team.worker)
    for i in range(4):
        writer.create(team.portfolio, "evidence", {"kind": "observation", "title": f"{i}"})
        await writer.push()
    gone = writer.create(team.portfolio, "evidence", OBS)
    await writer.push()
    writer.delete(team.portfolio, "evidence", gone)
    await writer.push()
    assert await store.purge_tombstones(store.default(), datetime.now(UTC) + timedelta(days=1))
    fresh = team.client(team.assessor)
    assert not any(await _pages(fresh, team.portfolio, limit=2))
    assert len(fresh.snapshot()[team.portfolio]) == 4
    stale = team.client(team.worker)
    stale.state.cursors = {team.portfolio: fresh.state.cursors[team.portfolio].split(".")[0] + ".1"}
    assert (await _pages(stale, team.portfolio, limit=2)).count(True) == 1
    assert len(stale.snapshot()[team.portfolio]) == 4


async def test_a_purge_during_a_full_state_read_in_pages_resets_it_again(team: Team) -> None:
    writer = team.client(team.worker)
    for i in range(4):
        writer.create(team.portfolio, "evidence", {"kind": "observation", "title": f"{i}"})
        await writer.push()
    fresh = team.client(team.assessor)
    body = {"scopes": {}, "limit": 2}
    fresh._apply_pull(msgspec.json.decode(await fresh._post("/sync/pull", body), type=PullResponse))
    held = next(iter(fresh.snapshot()[team.portfolio]))
    writer.delete(team.portfolio, "evidence", held)
    await writer.push()
    assert await store.purge_tombstones(store.default(), datetime.now(UTC) + timedelta(days=1))
    resets = await _pages(fresh, team.portfolio, limit=2)
    assert resets.count(True) == 1  # the tombstone it needed is gone: start again
    assert held not in fresh.snapshot()[team.portfolio]
    assert len(fresh.snapshot()[team.portfolio]) == 3
