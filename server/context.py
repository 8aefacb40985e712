"""What `create_app` builds once and every request reads: the settings, the clock and the
per-process pieces built from them. A route reaches it with `context_of(request)`; nothing
reads `app.state` with a fallback that repeats a setting's default."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.requests import HTTPConnection

from base.clock import Clock
from server.ratelimit import SlidingWindow
from server.settings import Settings
from server.storage_settings import open_storage
from sync.storage import Storage


@dataclass
class AppContext:
    settings: Settings
    clock: Clock
    # pulls served at once in this process (`--pull-concurrency`)
    pull_slots: asyncio.Semaphore
    # at most 3 test notifications a minute per device, counted in this process
    push_test_limit: SlidingWindow = field(default_factory=lambda: SlidingWindow(3, 60))
    # hosts a push subscription may name over plain http (tests: a local receiver)
    push_http_hosts: frozenset[str] = frozenset()
    openapi: dict[str, Any] = field(default_factory=dict)
    # where attachments' bytes live, opened at start (`open_storage`, a startup hook)
    storage: Storage | None = None

    @classmethod
    def build(cls, settings: Settings, clock: Clock) -> AppContext:
        return cls(
            settings=settings, clock=clock,
            pull_slots=asyncio.Semaphore(max(1, settings.pull_concurrency)),
        )

    async def open_storage(self) -> Callable[[], Awaitable[None]]:
        """Startup hook: open the backend the settings choose; its close is the cleanup."""
        self.storage = await open_storage(self.settings)
        return self.storage.close

    def storage_opened(self) -> Storage:
        if self.storage is None:
            raise RuntimeError("the attachment storage is opened at start-up (open_storage)")
        return self.storage

    def now(self) -> datetime:
        return self.clock()


def context_of(connection: HTTPConnection) -> AppContext:
    context: AppContext = connection.app.state.context
    return context


def storage_of(connection: HTTPConnection) -> Storage:
    """Where this process keeps attachments' bytes."""
    return context_of(connection).storage_opened()


def now_of(connection: HTTPConnection) -> datetime:
    """The app clock's time, for a request."""
    return context_of(connection).now()
