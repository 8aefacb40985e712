"""The live channel across processes: the `sync.events.Broker` interface on PostgreSQL
LISTEN/NOTIFY, installed at start-up when the database is PostgreSQL (issue #8).

Every process keeps one dedicated connection that LISTENs on `carefolio_sync`. `publish`
sends the events as JSON with `pg_notify` on that connection; PostgreSQL delivers them to
every listening process (the publisher included), and each hands them to its own
in-process `LocalBroker`, whose queues feed the `/sync/events` streams.

Delivery stays a hint, as the interface says: while the listening connection is down the
broker delivers within its own process only and reconnects with backoff; clients that
missed an event pull on their timer anyway.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import msgspec

from base.sql import is_postgres_url
from sync import events
from sync.messages import ChangeEvent

log = logging.getLogger("carefolio.sync.events")

CHANNEL = "carefolio_sync"
EVENTS_PER_NOTIFY = 50  # ~110 bytes each at most: well under PostgreSQL's 8000-byte payload
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)
TORTOISE_ONLY = {"minsize", "maxsize", "max_queries", "max_inactive_connection_lifetime"}

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(list[ChangeEvent]).decode


def asyncpg_dsn(database_url: str) -> str:
    """The database URL without the query options only Tortoise's pool understands."""
    parts = urlsplit(database_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in TORTOISE_ONLY]
    return urlunsplit(parts._replace(query=urlencode(query)))


def payloads(batch: Iterable[ChangeEvent]) -> list[str]:
    items = list(batch)
    return [_encode(items[i:i + EVENTS_PER_NOTIFY]).decode()
            for i in range(0, len(items), EVENTS_PER_NOTIFY)]


class PgBroker:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.local = events.LocalBroker()
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopped = False

    @property
    def listeners(self) -> int:
        return self.local.listeners

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def start(self) -> None:
        conn = await asyncpg.connect(self.dsn)
        await conn.add_listener(CHANNEL, self._on_notify)
        conn.add_termination_listener(self._on_lost)
        self._conn = conn

    async def stop(self) -> None:
        self._stopped = True
        for task in list(self._tasks):
            task.cancel()
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()

    async def publish(self, batch: Iterable[ChangeEvent]) -> None:
        items = list(batch)
        if not items:
            return
        try:
            async with self._lock:
                assert self._conn is not None
                for payload in payloads(items):
                    await self._conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
        except (AssertionError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            log.warning("live channel down: delivering in this process only")
            await self.local.publish(items)

    def subscribe(
        self, scopes: set[str]
    ) -> AbstractAsyncContextManager[asyncio.Queue[ChangeEvent]]:
        return self.local.subscribe(scopes)

    def _on_notify(self, conn: object, pid: int, channel: str, payload: str) -> None:
        try:
            batch = _decode(payload)
        except msgspec.DecodeError:
            log.warning("ignored a malformed notification on %s", channel)
            return
        self._spawn(self.local.publish(batch))

    def _on_lost(self, conn: object) -> None:
        if not self._stopped:
            log.warning("live channel connection lost; reconnecting")
            self._spawn(self._reconnect())

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _reconnect(self) -> None:
        attempt = 0
        while not self._stopped:
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            try:
                await self.start()
                log.info("live channel reconnected")
                return
            except (OSError, asyncpg.PostgresError):
                attempt += 1


async def install_if_postgres(url: str) -> Callable[[], Awaitable[None]] | None:
    """Start-up hook: on PostgreSQL, route the live channel through LISTEN/NOTIFY."""
    if not is_postgres_url(url):
        return None
    broker = PgBroker(asyncpg_dsn(url))
    await broker.start()
    previous = events.broker()
    events.install(broker)

    async def uninstall() -> None:
        events.install(previous)
        await broker.stop()

    return uninstall


@asynccontextmanager
async def running(dsn: str) -> AsyncIterator[PgBroker]:
    """A started broker for as long as the block runs (tests, tools)."""
    broker = PgBroker(dsn)
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()
