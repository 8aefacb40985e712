"""The administrator's standards screen: an upload compared with the current version before
anything is saved, and how many enrolments and evidence items use each standard."""

from __future__ import annotations

from tests.standards.helpers import FIXTURES
from tests.support.people import People

UNIT = (FIXTURES / "other" / "unit-code-title.txt").read_bytes()


async def _preview(admin, content: bytes) -> dict:  # type: ignore[no-untyped-def, type-arg]
    answer = await admin.client.post("/api/library/preview?filename=unit.txt", content=content)
    assert answer.status_code == 200, answer.text
    return answer.json()["standard"]  # type: ignore[no-any-return]


async def test_an_upload_is_compared_with_the_current_version_before_anything_is_saved(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    first = await _preview(admin, UNIT)
    fresh = (await admin.client.post("/api/admin/library/compare", json={"standard": first})).json()
    assert fresh["current_version"] is None and fresh["changes"] is None
    assert (await admin.client.post("/api/library/imports", content=UNIT)).status_code == 201

    changed = await _preview(admin, UNIT.replace(b"P4 check whether", b"P4 check carefully whether"))
    compared = await admin.client.post("/api/admin/library/compare", json={"standard": changed})
    assert compared.status_code == 200, compared.text
    body = compared.json()
    assert body["code"] == "SCDHSC0021" and body["current_version"] == 1
    assert [c["old_ref"] for c in body["changes"]["reworded"]] == ["P4"]
    assert body["changes"]["added"] == [] and body["changes"]["removed"] == []
    listed = (await admin.client.get("/api/library/standards")).json()["standards"]
    assert [len(s["versions"]) for s in listed if s["code"] == "SCDHSC0021"] == [1]


async def test_usage_counts_active_enrolments_and_evidence_per_standard_and_version(
    people: People, bundled_standards: None
) -> None:
    from datetime import UTC, datetime

    from server.assessment.models import EvidenceIndex

    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    await admin.client.post("/api/admin/enrolments/batch", json={
        "worker_id": worker.id, "standard_codes": ["SCDHSC0389", "SCDHSC3110"],
        "start_date": "2026-09-01"})
    now = datetime.now(UTC)
    for n, keys in enumerate([["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"], ["SCDHSC0389/2/P1"]]):
        await EvidenceIndex.create(
            scope=f"portfolio:{worker.id}", rid=f"e{n}", worker_id=worker.id,
            organisation_id=worker.organisation.id, author_id=worker.id, kind="observation",
            status="submitted", criteria=keys, status_changed_at=now, updated_at=now)
    uses = {u["code"]: u for u in (await admin.client.get("/api/admin/library/usage")).json()}
    assert uses["SCDHSC0389"] == {"code": "SCDHSC0389", "enrolments": 1, "evidence": 2,
                                  "evidence_by_version": {"1": 1, "2": 1}}
    assert uses["SCDHSC3110"]["enrolments"] == 1 and uses["SCDHSC3110"]["evidence"] == 0
    stranger = await people.signed_in("administrator", org="Hillside Homes")
    assert (await stranger.client.get("/api/admin/library/usage")).json() == []


async def test_a_new_version_published_without_becoming_current_never_moves_the_current_one(
    people: People,
) -> None:
    from standards.store import library_generation

    admin = await people.signed_in("administrator")
    assert (await admin.client.post("/api/library/imports", content=UNIT)).status_code == 201
    before = await library_generation()
    changed = UNIT.replace(b"P4 check whether", b"P4 check carefully whether")
    made = await admin.client.post("/api/library/imports?current=false", content=changed)
    assert made.status_code == 201, made.text
    assert made.json()["version"] == 2 and made.json()["current"] is False
    listed = (await admin.client.get("/api/library/standards/SCDHSC0021")).json()
    assert [(v["number"], v["status"]) for v in listed["info"]["versions"]] == [
        (1, "current"), (2, "legacy")]
    assert listed["version"] == 1  # what devices are sent: still version 1's criteria
    # one change to the library (the new row), and version 1 current throughout: the
    # generation's current part is the same as before the import
    assert (await library_generation()).split(".")[2] == before.split(".")[2]
    shown = await admin.client.get("/api/standards")
    assert [s["version"] for s in shown.json()["standards"] if s["code"] == "SCDHSC0021"] == [1]


async def test_the_current_query_parameter_takes_only_true_or_false(people: People) -> None:
    admin = await people.signed_in("administrator")
    answer = await admin.client.post("/api/library/imports?current=maybe", content=UNIT)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_query"
    listed = (await admin.client.get("/api/library/standards")).json()["standards"]
    assert not [s for s in listed if s["code"] == "SCDHSC0021"]  # nothing was stored
