"""A worker's portfolio as the assessment area sees it: coverage per standard, and its
records (the export, server/export/, builds on both)."""

from __future__ import annotations

from typing import Any

import msgspec

from base.principal import Role
from server.assessment import coverage as cov
from server.assessment.criteria import criteria_of, unit_links_to
from server.assessment.messages import Person, StandardCoverage
from server.assessment.models import DecisionIndex, EvidenceIndex
from server.models import Enrolment, Membership
from sync.models import SyncRecord
from sync.scopes import portfolio
from sync.signatures import review_states, witness_state


async def _rows(worker_id: int) -> tuple[list[cov.EvidenceRow], list[cov.DecisionRow]]:
    evidence = [
        cov.EvidenceRow(r.rid, r.status, list(r.criteria), r.title, r.kind)
        for r in await EvidenceIndex.filter(worker_id=worker_id, deleted=False)
    ]
    decisions = [
        cov.DecisionRow(d.evidence_id, d.outcome, dict(d.judgements), d.id)
        for d in await DecisionIndex.filter(worker_id=worker_id)
    ]
    return evidence, decisions


async def enrolled_standards(worker_id: int) -> list[str]:
    codes = await Enrolment.filter(worker_id=worker_id, ended_at=None).values_list(
        "standard_code", flat=True)
    return sorted({str(c) for c in codes})


async def coverage(worker_id: int, standard_code: str | None) -> list[StandardCoverage]:
    """Coverage of one standard, or of every standard the worker is enrolled on."""
    codes = [standard_code] if standard_code else await enrolled_standards(worker_id)
    return await coverage_for(worker_id, codes)


async def assessors(organisation_id: int | None) -> list[Person]:
    """The organisation's assessors (for sampling, reassignment and filters), by name."""
    rows = await Membership.filter(
        organisation_id=organisation_id, role=Role.ASSESSOR
    ).select_related("user")
    return sorted((Person(r.user_id, r.user.display_name) for r in rows),
                  key=lambda p: p.display_name.lower())


async def coverage_for(worker_id: int, standard_codes: list[str]) -> list[StandardCoverage]:
    evidence, decisions = await _rows(worker_id)
    organisation = await Membership.filter(user_id=worker_id).values_list(
        "organisation_id", flat=True)
    organisation_id = int(str(organisation[0])) if organisation else None
    linked = sorted({key for item in evidence for key in item.criteria})
    result = []
    for code in standard_codes:
        standard = await criteria_of(code, organisation_id)
        also = await unit_links_to(code, organisation_id, linked)
        rows = cov.coverage(standard.criteria, evidence, decisions, standard.carried, also)
        result.append(StandardCoverage(worker_id, code, cov.summarise(rows), rows))
    return result


async def records_of(worker_id: int) -> list[dict[str, Any]]:
    rows = await SyncRecord.filter(scope=portfolio(worker_id), deleted=False).order_by("version")
    records = [
        {"entity": r.entity, "id": r.rid, "created_by": r.created_by,
         "updated_at": r.updated_at.isoformat(), "fields": msgspec.json.decode(r.fields_json)}
        for r in rows
    ]
    for record in records:  # whether a signature is still on the text it signed
        if record["fields"].get("witness"):
            record["signature_state"] = witness_state(record["fields"]["witness"])
        elif record["entity"] == "review":
            record["signature_state"] = review_states(record["fields"])
    return records
