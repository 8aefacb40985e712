"""The database unavailable: 503 with Retry-After, no counter movement, the client retries."""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import msgspec
import pytest

from sync import store
from tests.sync.conftest import Team

HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": "2"}


async def _set_connections(url: str, allowed: bool) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = $1 AND pid <> pg_backend_pid()", name)
    finally:
        await admin.close()


def _body(team: Team) -> bytes:
    mutation = {"op": "create", "n": 1, "scope": team.portfolio, "entity": "evidence",
                "id": "e1", "fields": {"kind": "observation", "title": "during the outage"}}
    return msgspec.json.encode({"device_id": team.worker.device_id, "mutations": [mutation]})


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_postgres_down_answers_503_and_the_client_retries_by_itself(
    team: Team, database_url: str,
) -> None:
    await _set_connections(database_url, False)
    try:
        response = await team.worker.client.post("/sync/push", content=_body(team),
                                                 headers=HEADERS)
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        phone = team.client(team.worker)
        phone.retry_scale = 0.1
        phone.retries = 100  # keeps retrying however long the database takes to come back
        phone.create(team.portfolio, "evidence", {"kind": "observation", "title": "later"})
        retrying = asyncio.create_task(phone.push())
        await asyncio.sleep(0.3)
        assert not retrying.done()
    finally:
        await _set_connections(database_url, True)
    answer = await retrying
    assert answer is not None
    assert [(r.n, r.result) for r in answer.results] == [(1, "applied")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_locked_answers_503_without_moving_the_counter(
    team: Team, database_url: str,
) -> None:
    holder = sqlite3.connect(database_url.removeprefix("sqlite://"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = await team.worker.client.post("/sync/push", content=_body(team),
                                                  headers=HEADERS)
        assert response.status_code == 503
        assert "retry-after" in response.headers
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert await store.read_counter(store.default(), team.worker.device_id) in (None, 0)
