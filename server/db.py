"""Database wiring: which Tortoise apps exist, how to connect, how to migrate.

Every area keeps its own Tortoise app and migrations package:
core (accounts), standards (the NOS library), sync (portfolios and the sync log),
push (push subscriptions, the delivery log, reminder settings), people (invitations),
mail (the e-mail outbox).
"""

from __future__ import annotations

import importlib.util
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base import executor as base_executor
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as run_migrations

from base import sql

APPS: dict[str, str] = {
    "core": "server.models",
    "audit": "server.audit.models",
    "assessment": "server.assessment.models",
    "standards": "standards.models",
    "sync": "sync.models",
    "push": "server.push.models",
    "people": "server.accounts.models",
    "mail": "server.mail.models",
}


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = database_url
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    apps: dict[str, Any] = {}
    for label, module in APPS.items():
        if not _available(module):
            continue
        package = module.rsplit(".", 1)[0]
        apps[label] = {
            "models": [module],
            "default_connection": "default",
            "migrations": f"{package}.migrations",
        }
    return {"connections": {"default": _connection(url)}, "apps": apps, "use_tz": True,
            "timezone": "UTC"}


def _connection(url: str) -> str | dict[str, Any]:
    """SQLite: the URL as it is. PostgreSQL: the URL's settings (`?maxsize=20` sizes the
    pool, default 5 per process) with a cheap reset for connections returned to the pool."""
    if not url.startswith("postgres://"):
        return url
    config = expand_db_url(url)
    config["credentials"]["reset"] = _keep_session
    return config


async def _keep_session(connection: object) -> None:
    """A connection back in the pool needs no reset query: asyncpg has already rolled back
    any open transaction, and nothing here leaves session state on a pooled connection (no
    SET, LISTEN or session advisory lock; the live channel has its own connection). The
    default reset costs a round trip after every query made outside a transaction."""


def is_postgres(database_url: str) -> bool:
    return sql.is_postgres_url(database_url)


async def migrate(database_url: str) -> None:
    """Apply every pending migration of every app, then close the migration connections."""
    base_executor.EXECUTOR_CACHE.clear()
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:  # also on failure: an open SQLite connection's thread keeps the process alive
        await Tortoise.close_connections()


async def connect(database_url: str) -> None:
    base_executor.EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def disconnect() -> None:
    await Tortoise.close_connections()


async def answers() -> bool:
    """Does the database answer a trivial query (the /healthz probe)?"""
    from tortoise import connections

    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        return False
    return True
