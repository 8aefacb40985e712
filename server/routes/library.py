"""A read API for the standards a person works with, from the standards library.

The PWA caches the answer in IndexedDB, so the standards open offline after the first
sign-in. Each standard is served at its current version, in the shape of
`standards.documents` (the same as the library sync scope's `standard` records).
"""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.models import Enrolment
from server.wire import json_response
from standards import library
from standards.documents import StandardOut, current_document


class StandardsOut(msgspec.Struct):
    standards: list[StandardOut]
    enrolled: list[str]


@endpoint(allow=SIGNED_IN, returns=StandardsOut)
async def my_standards(request: Request) -> Response:
    """The standards the person is enrolled on or assesses (the whole library for others)."""
    principal = principal_of(request)
    scope = library.Scope(principal.organisation_id)
    rows = await Enrolment.filter(ended_at=None, worker_id=principal.user_id).values_list(
        "standard_code", flat=True)
    assessed = await Enrolment.filter(ended_at=None, assessor_id=principal.user_id).values_list(
        "standard_code", flat=True)
    enrolled = sorted({str(code) for code in rows})
    wanted = sorted({*enrolled, *(str(c) for c in assessed)}) or [
        info.code for info in await library.list_standards(scope)
    ]
    found = [await current_document(scope, code) for code in wanted]
    return json_response(StandardsOut([s for s in found if s is not None], enrolled))


routes = [Route("/api/standards", my_standards, methods=["GET"])]
