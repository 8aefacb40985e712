"""A worker's portfolio as the assessment area sees it: coverage per standard, and the
export (a ZIP with a readable HTML summary, the JSON data and the attachments)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from server.assessment import coverage as cov
from server.assessment.criteria import criteria_of
from server.assessment.messages import StandardCoverage
from server.assessment.models import DecisionIndex, EvidenceIndex
from server.assessment.summary import render_summary
from server.models import Enrolment, Membership, User
from sync.attachments import Files
from sync.models import SyncRecord
from sync.scopes import portfolio


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


async def coverage_for(worker_id: int, standard_codes: list[str]) -> list[StandardCoverage]:
    evidence, decisions = await _rows(worker_id)
    organisation = await Membership.filter(user_id=worker_id).values_list(
        "organisation_id", flat=True)
    organisation_id = int(str(organisation[0])) if organisation else None
    result = []
    for code in standard_codes:
        standard = await criteria_of(code, organisation_id)
        rows = cov.coverage(standard.criteria, evidence, decisions, standard.carried)
        result.append(StandardCoverage(worker_id, code, cov.summarise(rows), rows))
    return result


async def _records(worker_id: int) -> list[dict[str, Any]]:
    rows = await SyncRecord.filter(scope=portfolio(worker_id), deleted=False).order_by("version")
    return [
        {"entity": r.entity, "id": r.rid, "created_by": r.created_by,
         "updated_at": r.updated_at.isoformat(), "fields": msgspec.json.decode(r.fields_json)}
        for r in rows
    ]


def _attachment_shas(records: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for record in records:
        found.update(str(s) for s in record["fields"].get("attachments") or [])
        witness = record["fields"].get("witness") or {}
        if witness.get("signature_sha256"):
            found.add(str(witness["signature_sha256"]))
    return found


async def export_zip(worker_id: int, data_dir: Path, now: datetime) -> bytes:
    worker = await User.get(id=worker_id)
    codes = await enrolled_standards(worker_id)
    coverage = await coverage_for(worker_id, codes)
    records = await _records(worker_id)
    data = {
        "format": "carefolio-portfolio-export/1", "exported_at": now.isoformat(),
        "worker": {"id": worker.id, "name": worker.display_name},
        "standards": codes, "coverage": msgspec.to_builtins(coverage), "records": records,
    }
    buffer = io.BytesIO()
    files = Files(data_dir)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("portfolio.json", msgspec.json.format(msgspec.json.encode(data)))
        archive.writestr("summary.html", render_summary(worker.display_name, now, coverage,
                                                        records))
        for sha in sorted(_attachment_shas(records)):
            path = files.final(sha)
            if path.exists():
                archive.write(path, f"attachments/{sha}")
    return buffer.getvalue()
