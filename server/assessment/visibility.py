"""Whose portfolios a person may see, from the sync scopes (one rule for sync and API)."""

from __future__ import annotations

from base.principal import Principal
from server.errors import ApiError
from sync import scopes


async def visible_workers(principal: Principal) -> set[int]:
    found = set()
    for scope in await scopes.visible(principal):
        kind, _, key = scope.partition(":")
        if kind == "portfolio" and key.isdigit():
            found.add(int(key))
    return found


async def require_portfolio(principal: Principal, worker_id: int) -> frozenset[str]:
    """The principal's relations to the worker's portfolio; 404 when they have none."""
    relations = await scopes.relations(principal, scopes.portfolio(worker_id))
    if not relations:
        raise ApiError(404, "portfolio_not_found", "No such portfolio among those you can see.")
    return relations
