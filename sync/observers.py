"""Observers of saved records: read models and audit entries kept in the same transaction.

An observer is `async def observer(principal, states, now) -> None`, called inside the
push's transaction right after the records are saved, with every record state the push
wrote (conflict and rejection notes excluded). It may write its own tables (through the
ORM: the transaction's connection is used) and must not call the network. If it raises,
the whole push rolls back: nothing is applied in part.

`create_app` registers the observers with `observe` (today the assessment read model,
server/assessment/projection.py): sync itself knows none of them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from base.principal import Principal
from sync.merge import RecordState

Observer = Callable[[Principal, Sequence[RecordState], datetime], Awaitable[None]]

_observers: list[Observer] = []


def observe(observer: Observer) -> Observer:
    if observer not in _observers:
        _observers.append(observer)
    return observer


async def notify(principal: Principal, states: Sequence[RecordState], now: datetime) -> None:
    if not states:
        return
    for observer in _observers:
        await observer(principal, states, now)
