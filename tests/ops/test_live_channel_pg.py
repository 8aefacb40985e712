"""The live channel across processes on PostgreSQL LISTEN/NOTIFY (each broker stands for one
server process: its own listening connection, its own subscribers)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from server.settings import Settings
from sync import events
from sync.events_pg import PgBroker, asyncpg_dsn, install_if_postgres, payloads, running
from sync.messages import ChangeEvent
from tests.support.postgres import PostgresTestServer

pytestmark = pytest.mark.postgres


async def next_event(queue: asyncio.Queue[ChangeEvent]) -> ChangeEvent:
    return await asyncio.wait_for(queue.get(), 5)


async def test_an_event_published_by_one_process_reaches_the_subscribers_of_another(
    postgres_server: PostgresTestServer,
) -> None:
    async with running(postgres_server.url) as one, running(postgres_server.url) as two:
        async with two.subscribe({"portfolio:1"}) as theirs, one.subscribe({"portfolio:1"}) as ours:
            await one.publish([ChangeEvent("portfolio:2", 3), ChangeEvent("portfolio:1", 7)])
            assert await next_event(theirs) == ChangeEvent("portfolio:1", 7)
            assert await next_event(ours) == ChangeEvent("portfolio:1", 7)
            await asyncio.sleep(0.2)
            assert theirs.empty() and ours.empty()


async def test_a_large_batch_is_split_into_notifications_postgres_accepts(
    postgres_server: PostgresTestServer,
) -> None:
    batch = [ChangeEvent(f"portfolio:{'x' * 60}{i}", i) for i in range(130)]
    assert len(payloads(batch)) == 3
    assert all(len(p.encode()) < 8000 for p in payloads(batch))
    async with running(postgres_server.url) as one, running(postgres_server.url) as two:
        async with two.subscribe({e.scope for e in batch}) as theirs:
            await one.publish(batch)
            received = [await next_event(theirs) for _ in batch]
    assert received == batch


async def test_a_lost_listening_connection_is_reopened_and_delivery_resumes(
    postgres_server: PostgresTestServer,
) -> None:
    async with running(postgres_server.url) as one, running(postgres_server.url) as two:
        assert two._conn is not None
        admin = await asyncpg.connect(postgres_server.url)
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", two._conn.get_server_pid())
        finally:
            await admin.close()
        for _ in range(100):
            await asyncio.sleep(0.1)
            if two.connected:
                break
        assert two.connected
        async with two.subscribe({"team:4"}) as theirs:
            await one.publish([ChangeEvent("team:4", 1)])
            assert await next_event(theirs) == ChangeEvent("team:4", 1)


async def test_with_its_connection_gone_a_broker_still_delivers_in_its_own_process(
    postgres_server: PostgresTestServer,
) -> None:
    broker = PgBroker(postgres_server.url)
    await broker.start()
    await broker.stop()
    async with broker.subscribe({"user:9"}) as ours:
        await broker.publish([ChangeEvent("user:9", 2)])
        assert await next_event(ours) == ChangeEvent("user:9", 2)


async def test_the_start_up_hook_installs_the_broker_on_postgresql_only(
    postgres_server: PostgresTestServer, tmp_path: Path,
) -> None:
    before = events.broker()
    sqlite = Settings(data_dir=tmp_path).resolved_database_url
    assert await install_if_postgres(sqlite) is None
    assert events.broker() is before
    uninstall = await install_if_postgres(Settings(database_url=postgres_server.url).resolved_database_url)
    assert uninstall is not None and isinstance(events.broker(), PgBroker)
    await uninstall()
    assert events.broker() is before


def test_options_only_tortoise_understands_are_left_out_of_the_listening_connection() -> None:
    url = "postgres://app@db:5432/carefolio?minsize=2&maxsize=20&sslmode=require"
    assert asyncpg_dsn(url) == "postgres://app@db:5432/carefolio?sslmode=require"
