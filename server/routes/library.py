"""A read API for the standards a person works with, from the standards library.

The PWA caches the answer in IndexedDB, so the standards open offline after the first
sign-in. Criterion keys are `CODE/VERSION/REF` (e.g. `SCDHSC0389/1/P3`), as evidence links
them. The current version of each standard is served; its number is part of every criterion key.
"""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.access import SIGNED_IN, endpoint, principal_of
from server.models import Enrolment
from server.wire import json_response
from standards import library


class CriterionOut(msgspec.Struct):
    ref: str
    kind: str
    group: str
    text: str


class TermOut(msgspec.Struct):
    term: str
    definition: str


class StandardOut(msgspec.Struct):
    code: str
    version: int
    title: str
    criteria: list[CriterionOut]
    glossary: list[TermOut]


class StandardsOut(msgspec.Struct):
    standards: list[StandardOut]
    enrolled: list[str]


_versions: dict[tuple[str, int], StandardOut] = {}


async def _standard(scope: library.Scope, code: str) -> StandardOut | None:
    """The current version of `code` as this organisation sees it (versions never change,
    so each is built once per process)."""
    try:
        info, number, parsed = await library.show(scope, code)
    except library.LibraryError:
        return None
    if (code, number) not in _versions:
        criteria = [CriterionOut(c.ref, s.kind, s.title or c.group, c.text)
                    for s in parsed.sections for c in s.criteria]
        glossary = [TermOut(g.term, g.definition) for g in parsed.glossary]
        _versions[(code, number)] = StandardOut(code, number, info.title, criteria, glossary)
    return _versions[(code, number)]


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
    found = [await _standard(scope, code) for code in wanted]
    return json_response(StandardsOut([s for s in found if s is not None], enrolled))


routes = [Route("/api/standards", my_standards, methods=["GET"])]
