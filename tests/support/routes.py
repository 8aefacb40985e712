"""Every route of the app, with sample path parameters, for tests that walk them all."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.routing import Route

from server.endpoints import access_rule

SAMPLE_PARAMS = {"id": "1", "int": "1", "str": "sample-token-value", "token": "sample-token-value",
                 "path": "x"}


def concrete_path(path: str) -> str:
    return re.sub(r"{[a-z_][a-z0-9_]*(?::([a-z]+))?}", lambda m: SAMPLE_PARAMS[m.group(1) or "str"], path)


def api_routes(app: Starlette) -> list[tuple[str, str, object]]:
    """(method, concrete path, access rule) for every declared route."""
    found = []
    for route in app.routes:
        if isinstance(route, Route) and route.methods:
            for method in sorted(route.methods - {"HEAD"}):
                found.append((method, concrete_path(route.path), access_rule(route.endpoint)))
    return found


def body_routes(app: Starlette) -> list[tuple[str, str, type]]:
    return [
        (method, concrete_path(route.path), route.endpoint.__body__)
        for route in app.routes
        if isinstance(route, Route) and getattr(route.endpoint, "__body__", None) is not None
        for method in sorted((route.methods or set()) - {"HEAD"})
    ]
