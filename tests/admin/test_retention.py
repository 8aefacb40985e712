"""`carefolio retention`: the evidence of people who left is removed once the retention
period has passed, never before, never under an open enrolment; a dry run says exactly
what would go; a removal is audited and empties every copy (server/retention/)."""

from __future__ import annotations

import argparse
import hashlib
import os
from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest

from server.assessment.models import EvidenceIndex
from server.audit.models import AuditEvent
from server.cli.retention import report
from server.models import Enrolment
from server.retention import rules, service
from server.routes.sync import VERSION_HEADERS
from sync.client import SyncClient
from sync.models import Attachment, SyncRecord
from sync.storage.local import Files
from tests.support.people import People, Person

PHOTO = os.urandom(50_000)
SHA = hashlib.sha256(PHOTO).hexdigest()
NOW = datetime(2033, 6, 1, 9, 0, tzinfo=UTC)


def _leaver(**changes: object) -> rules.Leaver:
    base = rules.Leaver(1, 1, "Wren", "w@x.org", True, date(2026, 3, 1), [], 6)
    return msgspec.structs.replace(base, **changes)


def test_evidence_is_kept_until_the_retention_period_after_leaving_has_passed() -> None:
    kept = rules.judge(_leaver(), date(2032, 2, 29))
    assert not kept.removable and kept.kept_until == date(2032, 3, 1)
    assert kept.reason == ("within the retention period: kept until 2032-03-01 "
                           "(6 years after leaving on 2026-03-01)")
    assert rules.judge(_leaver(), date(2032, 3, 1)).removable


def test_an_open_enrolment_or_an_unknown_leaving_day_refuses_whatever_the_date() -> None:
    far = date(2090, 1, 1)
    assert rules.judge(_leaver(open_enrolments=["SCDHSC0389"]), far).reason == (
        "still has an open enrolment (SCDHSC0389): end it first")
    assert not rules.judge(_leaver(left_on=None), far).removable
    assert rules.judge(_leaver(deactivated=False), far).reason == "has not left (not deactivated)"
    assert rules.kept_until(date(2024, 2, 29), 1) == date(2025, 2, 28)


def _args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**{"apply": False, "person": None, "organisation": None, **given})


async def _worker_who_left(people: People, app) -> tuple[Person, Person]:  # type: ignore[no-untyped-def]
    admin = await people.signed_in("administrator")
    assessor = await people.signed_in("assessor")
    worker = await people.signed_in("worker")
    made = await admin.client.post("/api/admin/enrolments/batch", json={
        "worker_id": worker.id, "standard_codes": ["SCDHSC0389"], "assessor_id": assessor.id,
        "start_date": "2025-09-01"})
    assert made.status_code < 300, made.text
    phone = SyncClient(worker.client, worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    phone.create(f"portfolio:{worker.id}", "evidence",
                 {"kind": "product_evidence", "title": "Rota", "attachments": [SHA]})
    phone.create(f"portfolio:{worker.id}", "evidence", {"kind": "observation", "title": "Hoist"})
    await phone.push()
    put = await worker.client.put(f"/sync/attachments/{SHA}", content=PHOTO, headers={
        **VERSION_HEADERS, "Content-Range": f"bytes 0-{len(PHOTO) - 1}/{len(PHOTO)}",
        "Content-Type": "application/octet-stream"})
    assert put.json()["complete"] is True
    return admin, worker


async def _leave(admin: Person, worker: Person, on: date) -> None:
    (enrolment,) = await Enrolment.filter(worker_id=worker.id)
    ended = await admin.client.post(f"/api/admin/enrolments/{enrolment.id}/end",
                                    json={"outcome": "withdrawn", "ended_on": "2026-02-01"})
    assert ended.status_code < 300, ended.text
    left = await admin.client.post(f"/api/admin/members/{worker.id}/deactivate")
    assert left.status_code < 300, left.text
    await Enrolment.filter(worker_id=worker.id).update(ended_on=on - timedelta(days=30))
    await AuditEvent.filter(action="user.deactivated").update(at=datetime(on.year, on.month, on.day, tzinfo=UTC))


async def test_a_dry_run_names_what_would_go_and_removes_nothing(people: People, app, capsys, bundled_standards) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await _worker_who_left(people, app)
    await _leave(admin, worker, date(2026, 3, 1))
    assert await report(_args(), Files(app.state.context.settings.data_dir), NOW) == 0
    said = capsys.readouterr().out
    assert said.startswith("Dry run: nothing is removed.")
    assert f"Would remove: {worker.user.display_name} <{worker.user.email}>" in said
    assert "left on 2026-03-01; the 6 years of retention ended on 2032-03-01" in said
    assert "sync records: evidence 2" in said
    assert "assessment index: 2 evidence item(s)" in said
    assert f"1 file(s), {len(PHOTO)} bytes" in said
    assert await SyncRecord.filter(scope=f"portfolio:{worker.id}").count() == 2
    assert Files(app.state.context.settings.data_dir).final(SHA).exists()


async def test_within_the_retention_period_or_under_an_open_enrolment_nothing_is_removed(people: People, app, capsys, bundled_standards) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await _worker_who_left(people, app)
    files = Files(app.state.context.settings.data_dir)
    # still enrolled: refused by name, even far in the future
    assert await admin.client.post(f"/api/admin/members/{worker.id}/deactivate")
    code = await report(_args(apply=True, person=worker.user.email), files, NOW + timedelta(days=9000))
    assert code == 1
    assert "still has an open enrolment (SCDHSC0389)" in capsys.readouterr().err
    await admin.client.post(f"/api/admin/members/{worker.id}/reactivate")
    await _leave(admin, worker, date(2030, 1, 10))
    assert await report(_args(apply=True, person=worker.user.email), files, NOW) == 1
    out = capsys.readouterr()
    assert "kept until 2036-01-10" in out.err and "Kept:" in out.out
    assert await report(_args(apply=True), files, NOW) == 0  # everyone: kept, not an error
    assert await SyncRecord.filter(scope=f"portfolio:{worker.id}").count() == 2
    assert files.final(SHA).exists()
    with pytest.raises(service.Refused):
        await service.remove(worker.id, files, NOW.date(), NOW)


async def test_applying_removes_the_evidence_and_its_photo_audits_it_and_resets_every_copy(people: People, app, capsys, bundled_standards) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await _worker_who_left(people, app)
    qa = await people.signed_in("quality_assurer")
    qa_phone = SyncClient(qa.client, qa.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    await qa_phone.pull()
    scope = f"portfolio:{worker.id}"
    assert len(qa_phone.state.records[scope]) == 2  # a copy on the quality assurer's phone
    await _leave(admin, worker, date(2026, 3, 1))
    files = Files(app.state.context.settings.data_dir)
    assert await report(_args(apply=True, person=worker.user.email), files, NOW) == 0
    assert "Removed: " in capsys.readouterr().out
    assert await SyncRecord.filter(scope=f"portfolio:{worker.id}").count() == 0
    assert await EvidenceIndex.filter(worker_id=worker.id).count() == 0
    assert await Attachment.filter(sha256=SHA).count() == 0 and not files.final(SHA).exists()
    assert await Enrolment.filter(worker_id=worker.id).count() == 1  # who was enrolled stays
    (event,) = await AuditEvent.filter(action="retention.removed")
    assert event.subject_id == str(worker.id) and event.detail["records"] == {"evidence": 2}
    assert event.detail["attachments"] == 1 and event.detail["left_on"] == "2026-03-01"
    # the quality assurer's phone held the portfolio: at its next pull the copy empties
    await qa_phone.pull()
    assert not qa_phone.state.records.get(scope)


async def test_the_organisations_retention_period_is_the_one_counted(people: People, app, capsys, bundled_standards) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await _worker_who_left(people, app)
    await _leave(admin, worker, date(2026, 3, 1))
    changed = await admin.client.patch("/api/admin/organisation", json={"retention_years": 10})
    assert changed.status_code == 200 and changed.json()["retention_years"] == 10
    refused = await admin.client.patch("/api/admin/organisation", json={"retention_years": 0})
    assert refused.status_code == 422
    assert await report(_args(apply=True), Files(app.state.context.settings.data_dir), NOW) == 0
    assert "kept until 2036-03-01 (10 years after leaving on 2026-03-01)" in capsys.readouterr().out
    assert await SyncRecord.filter(scope=f"portfolio:{worker.id}").count() == 2
