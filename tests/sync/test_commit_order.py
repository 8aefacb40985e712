"""No commit-order holes: a reader can never move its cursor past a version that commits
later. Writers of one scope take the scope's head row lock (UPDATE ... RETURNING) and so
commit in version order; this races many writers against a reader on PostgreSQL."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from sync import store
from sync.merge import FieldVersion, RecordState

SCOPE = "portfolio:1"


async def _writer(index: int, stop: asyncio.Event) -> int:
    written = 0
    while not stop.is_set():
        async with in_transaction("default") as conn:
            version = await store.bump_head(conn, SCOPE)
            await asyncio.sleep(random.random() * 0.01)  # hold the lock across a slow write
            record = RecordState(entity="evidence", id=f"w{index}-{written}", scope=SCOPE,
                                 created_by=1, fields={"kind": "observation"},
                                 versions={"kind": FieldVersion(version, "d")}, version=version)
            await store.save(conn, [record], datetime.now(UTC))
        written += 1
    return written


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_reader_never_skips_a_version_that_commits_later(database: str) -> None:
    stop = asyncio.Event()
    writers = [asyncio.create_task(_writer(i, stop)) for i in range(6)]
    seen: dict[str, int] = {}
    cursor = 0
    for _ in range(80):
        head = (await store.heads(store.default(), [SCOPE]))[SCOPE].version
        records, last, more = await store.changes(store.default(), SCOPE, cursor, 1000)
        for r in records:
            seen[r.id] = r.version
        cursor = last if more else max(head, last or cursor)
        await asyncio.sleep(0.002)
    stop.set()
    total = sum(await asyncio.gather(*writers))
    records, _, _ = await store.changes(store.default(), SCOPE, cursor, 100_000)
    for r in records:
        seen[r.id] = r.version
    everything, _, _ = await store.changes(store.default(), SCOPE, 0, 100_000)
    assert total > 50
    assert len(everything) == total
    assert set(seen) == {r.id for r in everything}, "the reader's cursor skipped a commit"
