"""Per request: an id, an access log line and the request metrics, as pure ASGI middleware.

The id is the caller's `X-Request-Id` when it looks like one (the reverse proxy sets it),
otherwise a new random one; it is echoed in the response and set in the context variable
every log line of the request reads. The access line and the metrics name the route
template (`/api/me/devices/{session_id:id}`), never the raw path or query string, and the
signed-in user by id only.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from base import metrics
from server.logging_json import request_id

log = logging.getLogger("carefolio.access")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = metrics.counter(
    "carefolio_http_requests_total", "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = metrics.histogram(
    "carefolio_http_request_duration_seconds",
    "Time from request to the end of the response, by method and route template "
    "(the live event stream counts its whole connection).",
    ["method", "route"],
)


def incoming_id(headers: Headers) -> str:
    offered = headers.get("x-request-id", "")
    return offered if REQUEST_ID.match(offered) else uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is None:
        return "unmatched"
    path = str(getattr(route, "path", "unmatched"))
    return f"{path}/{{path}}" if isinstance(route, Mount) else path


def user_of(scope: Scope) -> int | None:
    principal = scope.get("state", {}).get("principal")
    return getattr(principal, "user_id", None)


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_id(Headers(scope=scope))
        reset = request_id.set(rid)
        started = time.perf_counter()
        sent = {"status": 500, "bytes": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = rid
            elif message["type"] == "http.response.body":
                sent["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, sent["status"], sent["bytes"], time.perf_counter() - started)
            request_id.reset(reset)

    def _record(self, scope: Scope, status: int, size: int, seconds: float) -> None:
        method = scope["method"] if scope["method"] in METHODS else "OTHER"
        route = route_template(scope)
        REQUESTS.inc(method=method, route=route, status=str(status))
        LATENCY.observe(seconds, method=method, route=route)
        if log.isEnabledFor(logging.INFO):
            fields = {"method": method, "route": route, "status": status, "bytes": size,
                      "duration_ms": round(seconds * 1000, 2), "user_id": user_of(scope)}
            log.info("%s %s %s", method, route, status, extra={"fields": fields})
