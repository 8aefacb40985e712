"""The Starlette application: routes collected from each area, errors as JSON, security
headers, the database opened in the lifespan. Refuses to build with an undeclared route."""

from __future__ import annotations

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

from base.clock import Clock, system_clock
from base.errors import DomainError
from server import backup_lock, db, gauges, openapi
from server.assessment import projection
from server.context import AppContext, context_of
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
from server.mail import delivery
from server.push import routes as push_routes
from server.push import scheduler, vapid
from server.request_guard import RequestGuard
from server.routes import accounts as accounts_routes
from server.routes import admin as admin_routes
from server.routes import assessment as assessment_routes
from server.routes import enrolments as enrolments_routes
from server.routes import export as export_routes
from server.routes import health as health_routes
from server.routes import library as library_routes
from server.routes import metrics as metrics_routes
from server.routes import pwa as pwa_routes
from server.routes import standards as standards_routes
from server.routes import sync as sync_routes
from server.security import SecurityHeaders
from server.settings import Settings
from server.version import VERSION
from server.wire import json_response
from sync import events_pg, maintenance, observers

log = logging.getLogger("carefolio")

# Every area's routes, in the order they are matched (the PWA's catch-all comes last).
ROUTE_MODULES = (
    health_routes, metrics_routes, accounts_routes, admin_routes, library_routes,
    standards_routes, enrolments_routes, assessment_routes, export_routes, sync_routes,
    push_routes,
)
Cleanup = Callable[[], Awaitable[None]]


def startup_hooks(context: AppContext) -> list[Callable[[], Awaitable[Cleanup | None]]]:
    """Per process, once the database is open; a hook may return an async cleanup, awaited at
    shutdown in reverse order."""
    settings, clock = context.settings, context.clock
    return [
        lambda: backup_lock.hold_data_dir(settings.data_dir),
        context.open_storage,
        lambda: vapid.load_keys(settings.data_dir),
        lambda: events_pg.install_if_postgres(settings.resolved_database_url),
        lambda: maintenance.start(clock, context.storage_opened()),
        lambda: scheduler.start(settings, clock),
        lambda: delivery.start(settings, clock),
    ]


def collect_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [route for module in ROUTE_MODULES for route in module.routes]
    undeclared = [
        r.path for r in routes if isinstance(r, Route) and access_rule(r.endpoint) is None
    ]
    if undeclared:
        raise RuntimeError(f"routes without an access rule (deny by default): {undeclared}")
    return routes


def create_app(
    settings: Settings, *, clock: Clock = system_clock, manage_database: bool = True
) -> Starlette:
    """The app, its services built once from `settings` and `clock` (`server/context.py`)."""
    api_routes = collect_routes()
    context = AppContext.build(settings, clock)
    context.openapi = openapi.build(api_routes, "Carefolio", VERSION)
    observers.observe(projection.project)
    gauges.declare(clock)

    @endpoint(allow=PUBLIC)
    async def openapi_json(request: Request) -> Response:
        return json_response(context_of(request).openapi)

    routes = [*api_routes, Route("/openapi.json", openapi_json, methods=["GET"])]
    routes.extend(pwa_routes.routes)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await db.connect(settings.resolved_database_url)
        cleanups: list[Callable[[], Awaitable[None]]] = []
        try:
            for hook in startup_hooks(context):
                cleanup = await hook()
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
    app.state.context = context
    return app
