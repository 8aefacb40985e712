"""The Starlette application: routes collected from each area, errors as JSON, security
headers, the database opened in the lifespan. Refuses to build with an undeclared route."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from base.errors import DomainError
from server import db, openapi
from server.endpoints import PUBLIC, access_rule, endpoint
from server.errors import (
    ApiError,
    handle_api_error,
    handle_client_gone,
    handle_domain_error,
    handle_http_exception,
    handle_unexpected,
)
from server.logging_requests import RequestContext
from server.request_guard import RequestGuard
from server.security import SecurityHeaders
from server.settings import Settings
from server.version import VERSION
from server.wire import json_response

log = logging.getLogger("carefolio")

ROUTE_MODULES: list[str] = [
    "server.routes.health",
    "server.routes.metrics",
    "server.routes.accounts",
    "server.routes.admin",
    "server.routes.library",
    "server.routes.standards",
    "server.routes.enrolments",
    "server.routes.assessment",
    "server.routes.export",
    "server.routes.sync",
    "server.push.routes",
]
# Per process, once the database is open: `async def hook(app: Starlette)`. A hook may return
# an async cleanup callable (`async def () -> None`), awaited at shutdown in reverse order.
STARTUP_HOOKS: list[str] = [
    "server.backup_lock:hold_data_dir",
    "sync.events_pg:install_if_postgres",
    "sync.maintenance:start",
    "server.push.scheduler:start",
    "server.mail.delivery:start",
]
PWA_MODULE = "server.routes.pwa"


def _load(dotted: str) -> Any:
    module, _, attr = dotted.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attr) if attr else loaded


def collect_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in ROUTE_MODULES:
        routes.extend(_load(name).routes)
    undeclared = [
        r.path for r in routes if isinstance(r, Route) and access_rule(r.endpoint) is None
    ]
    if undeclared:
        raise RuntimeError(f"routes without an access rule (deny by default): {undeclared}")
    return routes


def create_app(settings: Settings, *, manage_database: bool = True) -> Starlette:
    api_routes = collect_routes()

    @endpoint(allow=PUBLIC)
    async def openapi_json(request: Request) -> Response:
        return json_response(request.app.state.openapi)

    routes = [*api_routes, Route("/openapi.json", openapi_json, methods=["GET"])]
    routes.extend(_load(PWA_MODULE).routes)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await db.connect(settings.resolved_database_url)
        cleanups: list[Callable[[], Awaitable[None]]] = []
        try:
            for hook in STARTUP_HOOKS:
                cleanup = await _load(hook)(app)
                if cleanup is not None:
                    cleanups.append(cleanup)
            yield
        finally:
            for cleanup in reversed(cleanups):
                await cleanup()
            if manage_database:
                await db.disconnect()

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: handle_api_error,
        DomainError: handle_domain_error,
        HTTPException: handle_http_exception,
        ClientDisconnect: handle_client_gone,
        Exception: handle_unexpected,
    }
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=handlers,
        middleware=[
            Middleware(RequestContext),
            Middleware(SecurityHeaders, hsts=settings.secure_cookies),
            Middleware(RequestGuard),
            # photos are sent as application/octet-stream: already compressed, leave them be
            Middleware(GZipMiddleware, minimum_size=500,
                       exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES,
                                              "application/octet-stream")),
        ],
    )
    app.state.settings = settings
    app.state.max_body_bytes = settings.max_body_bytes
    app.state.session_idle_days = settings.session_idle_days
    app.state.openapi = openapi.build(api_routes, "Carefolio", VERSION)
    return app
