"""Raw SQL for hot paths, written once with `?` placeholders and run on either backend.

PostgreSQL (asyncpg) wants `$1, $2 ...`; SQLite takes `?`. Statements are numbered once and
cached. Inside `in_transaction()`, pass the transaction's connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, NamedTuple

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError

Conn = BaseDBAsyncClient


def default() -> Conn:
    conn: Conn = connections.get("default")
    return conn


def is_postgres(conn: Conn) -> bool:
    return conn.capabilities.dialect == "postgres"


def is_postgres_url(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


@cache
def numbered(sql: str) -> str:
    parts = sql.split("?")
    return "".join(f"{p}${i}" for i, p in enumerate(parts[:-1], start=1)) + parts[-1]


def for_backend(conn: Conn, sql: str) -> str:
    return numbered(sql) if is_postgres(conn) else sql


async def query(conn: Conn, sql: str, values: Sequence[Any] = ()) -> list[Any]:
    return list(await conn.execute_query_dict(for_backend(conn, sql), list(values)))


async def execute_many(conn: Conn, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if rows:
        await conn.execute_many(for_backend(conn, sql), [list(r) for r in rows])


class Step(NamedTuple):
    """One statement of `run_steps`: `values` are its parameters, or with `many` a list of
    parameter rows for one `executemany`."""

    sql: str
    values: Sequence[Any] = ()
    many: bool = False


async def run_steps(conn: Conn, steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
    """Run statements in order on `conn`; the rows of each (none for `many`).

    On SQLite they run in one hand-over to the connection's thread: aiosqlite runs every
    statement there, and a hand-over (queue, thread switch, the GIL back) costs more than a
    small statement. Errors are Tortoise's, as for `query`. PostgreSQL: one after another."""
    steps = [s for s in steps if not s.many or s.values]
    if is_postgres(conn):
        out: list[list[dict[str, Any]]] = []
        for step in steps:
            if step.many:
                await execute_many(conn, step.sql, step.values)
                out.append([])
            else:
                out.append(await query(conn, step.sql, step.values))
        return out

    def work(raw: sqlite3.Connection) -> list[list[dict[str, Any]]]:
        done: list[list[dict[str, Any]]] = []
        for step in steps:
            if step.many:
                raw.executemany(step.sql, [list(r) for r in step.values])
                done.append([])
            else:
                done.append([dict(r) for r in raw.execute(step.sql, list(step.values))])
        return done

    try:
        async with conn.acquire_connection() as aio:
            result: list[list[dict[str, Any]]] = await aio._execute(work, aio._conn)
            return result
    except sqlite3.OperationalError as exc:
        raise OperationalError(exc) from exc
    except sqlite3.IntegrityError as exc:
        raise IntegrityError(exc) from exc


def marks(values: Sequence[Any]) -> str:
    """`?, ?, ?`: one placeholder per value, for `IN (...)`."""
    return ", ".join("?" for _ in values)


def as_datetime(value: Any) -> datetime:
    """A timestamp column read with raw SQL: asyncpg gives a datetime, SQLite the text
    Tortoise wrote (ISO 8601, with offset; UTC if it has none)."""
    if isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_date(value: Any) -> date:
    """A date column read with raw SQL (SQLite: ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
