"""The standards a person works with (GET /api/standards): those they are enrolled on or
assess, else the whole library, each at its current version (`standards.documents`)."""

from __future__ import annotations

import msgspec

from base.principal import Principal
from server.models import Enrolment
from standards import library
from standards.documents import StandardOut, current_document


class StandardsOut(msgspec.Struct):
    standards: list[StandardOut]
    enrolled: list[str]


async def standards_of(principal: Principal) -> StandardsOut:
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
    return StandardsOut([s for s in found if s is not None], enrolled)
