"""A read API for the standards a person works with, from the standards library.

The PWA caches the answer in IndexedDB, so the standards open offline after the first
sign-in. Each standard is served at its current version, in the shape of
`standards.documents` (the same as the library sync scope's `standard` records).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.enrolments.own_standards import StandardsOut, standards_of
from server.wire import json_response


@endpoint(allow=SIGNED_IN, returns=StandardsOut)
async def my_standards(request: Request) -> Response:
    """The standards the person is enrolled on or assesses (the whole library for others)."""
    return json_response(await standards_of(principal_of(request)))


routes = [Route("/api/standards", my_standards, methods=["GET"])]
