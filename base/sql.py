"""Raw SQL for hot paths, written once with `?` placeholders and run on either backend.

PostgreSQL (asyncpg) wants `$1, $2 ...`; SQLite takes `?`. Statements are numbered once and
cached. Inside `in_transaction()`, pass the transaction's connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

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
