"""The live "something changed" channel: scope versions published after each commit.

`Broker` is the interface; `LocalBroker` delivers within one process. Issue #8 adds a
broker on PostgreSQL LISTEN/NOTIFY across processes: it implements the same two methods
(publish after commit; subscribe to a set of scopes) and is installed with `install`.
Delivery is a hint, never data: a client that misses an event still pulls on its timer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from sync.messages import ChangeEvent

QUEUE_LIMIT = 256


class Broker(Protocol):
    async def publish(self, events: Iterable[ChangeEvent]) -> None: ...

    def subscribe(
        self, scopes: set[str]
    ) -> AbstractAsyncContextManager[asyncio.Queue[ChangeEvent]]: ...


class LocalBroker:
    def __init__(self) -> None:
        self._queues: dict[asyncio.Queue[ChangeEvent], set[str]] = {}

    async def publish(self, events: Iterable[ChangeEvent]) -> None:
        for event in events:
            for queue, scopes in list(self._queues.items()):
                if event.scope in scopes:
                    if queue.full():  # a slow listener only needs to know "pull now"
                        queue.get_nowait()
                    queue.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self, scopes: set[str]) -> AsyncIterator[asyncio.Queue[ChangeEvent]]:
        queue: asyncio.Queue[ChangeEvent] = asyncio.Queue(QUEUE_LIMIT)
        self._queues[queue] = set(scopes)
        try:
            yield queue
        finally:
            self._queues.pop(queue, None)

    @property
    def listeners(self) -> int:
        return len(self._queues)


_broker: Broker = LocalBroker()


def broker() -> Broker:
    return _broker


def install(new: Broker) -> None:
    global _broker
    _broker = new
