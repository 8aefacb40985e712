"""Every error leaves the server as JSON: {"error": {"code": ..., "message": ...}}.

Codes are stable identifiers clients can switch on; messages are for people. The web layer
raises `ApiError` with its status; the domain raises `base.errors` kinds, given their HTTP
status here and only here (`STATUS`).
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base import errors as domain
from server.logging_requests import route_template

log = logging.getLogger("carefolio.errors")


class ErrorBody(msgspec.Struct, omit_defaults=True):
    code: str
    message: str
    detail: dict[str, Any] | None = None


class ErrorEnvelope(msgspec.Struct):
    error: ErrorBody


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.detail = detail


# The one place a domain refusal becomes an HTTP answer.
STATUS: dict[type[domain.DomainError], int] = {
    domain.Malformed: 400,
    domain.NotAllowed: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.TooLarge: 413,
    domain.Invalid: 422,
    domain.Busy: 503,
}


def from_domain(error: domain.DomainError) -> ApiError:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else {}
    if error.code == "offset_mismatch" and error.detail:  # resumable uploads: where to resume
        headers["Upload-Offset"] = str(error.detail["offset"])
    status = next((STATUS[kind] for kind in type(error).__mro__ if kind in STATUS), 422)
    return ApiError(status, error.code, error.message, headers=headers,
                    detail=error.detail)


_HTTP_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None,
    detail: dict[str, Any] | None = None,
) -> Response:
    body = msgspec.json.encode(ErrorEnvelope(ErrorBody(code, message, detail)))
    return Response(body, status_code=status, headers=headers, media_type="application/json")


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers, exc.detail)


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, domain.DomainError)
    return await handle_api_error(request, from_domain(exc))


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        message = f"Nothing here: {request.method} {request.url.path}"
    if exc.status_code == 405:
        # Starlette names the methods of the first route matching the path; a path served
        # by several routes (GET here, POST there) allows all of theirs
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        message = f"{request.method} is not allowed here; use {' or '.join(allowed)}."
    return error_response(exc.status_code, code, message, headers)


def allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    path = request.scope["path"]
    for route in getattr(request.app, "routes", []):
        if isinstance(route, Route) and route.methods and route.path_regex.match(path):
            methods |= route.methods
    return sorted(methods)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    from tortoise.exceptions import DBConnectionError, OperationalError

    if isinstance(exc, DBConnectionError | OSError) or _connection_lost(exc) or (
        isinstance(exc, OperationalError) and "locked" in str(exc)
    ):
        log.warning("database unavailable: %s", type(exc).__name__)
        return error_response(
            503, "unavailable", "The database is unavailable; try again shortly.",
            {"Retry-After": "5"},
        )
    # the route template, never the raw path: a path can hold a name, an NHS number, a token
    log.exception("unexpected error on %s %s", request.method, route_template(request.scope))
    return error_response(500, "internal_error", "Something went wrong on the server.")


async def handle_client_gone(request: Request, exc: Exception) -> Response:
    """The client went away mid-request (a phone losing signal during an upload): nothing
    went wrong on the server, so one quiet line and no traceback. The answer reaches no one."""
    log.info("client went away during %s %s", request.method, route_template(request.scope))
    return error_response(400, "client_disconnected", "The request ended before its body did.")


def _connection_lost(exc: BaseException) -> bool:
    """asyncpg's ways of saying the server is gone or refuses connections (sync issue #4)."""
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    lost = (
        asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
        asyncpg.exceptions.ObjectNotInPrerequisiteStateError,
        asyncpg.exceptions.AdminShutdownError, asyncpg.exceptions.CannotConnectNowError,
        # a pooled connection left mid-operation when the server went away; the pool drops it
        asyncpg.InternalClientError,
    )
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, lost):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
