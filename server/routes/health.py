"""Probes: is the process up and does the database answer."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server import db
from server.accounts.messages import Health
from server.endpoints import PUBLIC, endpoint
from server.wire import json_response


@endpoint(allow=PUBLIC, returns=Health)
async def healthz(request: Request) -> Response:
    if not await db.answers():
        return json_response(
            Health("unavailable", "unreachable"), status=503, headers={"Retry-After": "5"}
        )
    return json_response(Health("ok", "ok"))


routes = [Route("/healthz", healthz, methods=["GET"])]
