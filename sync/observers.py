"""Observers of saved records: read models and audit entries kept in the same transaction.

An observer is `async def observer(principal, states, now) -> None`, called inside the
push's transaction right after the records are saved, with every record state the push
wrote (conflict and rejection notes excluded). It may write its own tables (through the
ORM: the transaction's connection is used) and must not call the network. If it raises,
the whole push rolls back: nothing is applied in part.

Modules listed in OBSERVER_MODULES register themselves with `@observe` when imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from base.principal import Principal
from sync.merge import RecordState

Observer = Callable[[Principal, Sequence[RecordState], datetime], Awaitable[None]]

OBSERVER_MODULES: list[str] = ["server.assessment.projection"]
_observers: list[Observer] = []
_loaded = False


def observe(observer: Observer) -> Observer:
    if observer not in _observers:
        _observers.append(observer)
    return observer


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in OBSERVER_MODULES:
            importlib.import_module(name)
        _loaded = True


async def notify(principal: Principal, states: Sequence[RecordState], now: datetime) -> None:
    _load()
    if not states:
        return
    for observer in _observers:
        await observer(principal, states, now)
