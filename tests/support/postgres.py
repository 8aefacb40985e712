"""The PostgreSQL server the tests use: a fresh, migrated database, emptied between tests."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from tests.support.aio import run as run_coroutine

KEEP_TABLES = {"tortoise_migrations"}


class PostgresTestServer:
    """One database per test run (`<name>_<pid>`), so runs side by side never collide."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.database = f"{parts.path.lstrip('/')}_{os.getpid()}"
        self.url = urlunsplit(parts._replace(path=f"/{self.database}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.tables: list[str] = []

    def prepare(self) -> str | None:
        """Recreate and migrate the database; return why that failed, or None."""
        try:
            run_coroutine(self._recreate())
        except (OSError, asyncpg.PostgresError) as exc:
            return f"{type(exc).__name__}: {exc}"
        from server import db

        run_coroutine(db.migrate(self.url))
        self.tables = run_coroutine(self._tables())
        return None

    async def _recreate(self) -> None:
        conn = await asyncpg.connect(self.admin_url, timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{self.database}"')
        finally:
            await conn.close()

    def drop(self) -> None:
        async def run() -> None:
            conn = await asyncpg.connect(self.admin_url, timeout=5)
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            finally:
                await conn.close()

        run_coroutine(run())

    async def _tables(self) -> list[str]:
        conn = await asyncpg.connect(self.url)
        try:
            rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        finally:
            await conn.close()
        return sorted(r["tablename"] for r in rows if r["tablename"] not in KEEP_TABLES)

    def truncate_all(self) -> None:
        async def run() -> None:
            conn = await asyncpg.connect(self.url)
            try:
                names = ", ".join(f'"{t}"' for t in self.tables)
                await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            finally:
                await conn.close()

        if self.tables:
            run_coroutine(run())
