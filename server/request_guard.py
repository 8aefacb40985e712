"""Refusals that hold for every request, before any route runs (pure ASGI middleware).

A NUL character in the path or the query string is refused with 400 `nul_character`, as in
a body (base/wire.py): PostgreSQL cannot store or even compare text holding one, SQLite
would, so one rule at the edge keeps the two databases answering alike."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from server.errors import error_response


def holds_nul(path: str, query_string: bytes) -> bool:
    return "\x00" in path or b"\x00" in query_string or b"%00" in query_string


class RequestGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and holds_nul(scope["path"], scope.get("query_string", b"")):
            response = error_response(
                400, "nul_character", "The address may not contain the NUL character.")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
