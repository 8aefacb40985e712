"""What the administrator's standards screen needs besides the library API: how many
enrolments and evidence items use each standard (and each version), and how an uploaded,
not yet saved standard differs from the current version of the same code (the library's
own diff, standards/diff.py)."""

from __future__ import annotations

import msgspec

from base.errors import NotFound
from base.principal import Principal
from server.assessment.models import EvidenceIndex
from server.models import Enrolment
from standards import library
from standards.diff import CriteriaDiff, diff_criteria
from standards.parsed import ParsedStandard


class StandardUse(msgspec.Struct):
    code: str
    enrolments: int
    evidence: int
    evidence_by_version: dict[str, int]


class CompareIn(msgspec.Struct, forbid_unknown_fields=True):
    standard: ParsedStandard


class Comparison(msgspec.Struct):
    code: str | None
    current_version: int | None  # None: no standard with this code yet
    changes: CriteriaDiff | None


async def usage(admin: Principal) -> list[StandardUse]:
    org = admin.organisation()
    found: dict[str, StandardUse] = {}

    def entry(code: str) -> StandardUse:
        return found.setdefault(code, StandardUse(code, 0, 0, {}))

    for code in await Enrolment.filter(organisation_id=org, ended_at=None).values_list(
        "standard_code", flat=True
    ):
        entry(str(code)).enrolments += 1
    for criteria in await EvidenceIndex.filter(organisation_id=org, deleted=False).values_list(
        "criteria", flat=True
    ):
        seen: set[tuple[str, str]] = set()
        for key in criteria or []:
            code, _, rest = str(key).partition("/")
            seen.add((code, rest.partition("/")[0]))
        for code, version in seen:
            use = entry(code)
            use.evidence_by_version[version] = use.evidence_by_version.get(version, 0) + 1
        for code in {code for code, _ in seen}:
            entry(code).evidence += 1
    return sorted(found.values(), key=lambda use: use.code)


async def compare(admin: Principal, parsed: ParsedStandard) -> Comparison:
    """The uploaded standard against the current version of its code, if there is one."""
    scope = library.Scope(admin.organisation())
    if not parsed.code:
        return Comparison(None, None, None)
    try:
        _, number, current = await library.show(scope, parsed.code)
    except NotFound:
        return Comparison(parsed.code, None, None)
    return Comparison(parsed.code, number, diff_criteria(current.criteria(), parsed.criteria()))
