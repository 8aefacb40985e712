"""A unit's NOS mapping replaced from a mapping table (CSV) through the library API: checked
row by row, stored in one go or not at all, sent to phones, counted in coverage."""

from __future__ import annotations

from datetime import date

from server.models import Enrolment
from standards import library
from sync.client import SyncClient
from tests.assessment.test_assessment_flow import _decide, _submitted_evidence
from tests.standards.helpers import FIXTURES
from tests.support.people import People, Person

UNIT = (FIXTURES / "units" / "CFU201.txt").read_bytes()  # T9000201: 1.2 -> SCDHSC0389 P2, K45
TABLE = b"unit_ref,nos_code,nos_ref\r\n1.2,SCDHSC0389,P3\r\n2.1,SCDHSC0389,P1\r\n"
MAPPING = "/api/library/standards/T9000201/mapping"


def phone_of(person: Person) -> SyncClient:
    return SyncClient(person.client, person.device_id, retry_scale=0.0)  # type: ignore[arg-type]


def links_on(phone: SyncClient, person: Person) -> list[tuple[str, str, str]]:
    records = phone.snapshot()[f"library:{person.organisation.id}"]
    data = records["T9000201"].fields["data"]
    return [(link["ref"], link["code"], link["nos_ref"]) for link in data["nos_links"]]


async def _unit(admin: Person) -> None:
    await library.ensure_bundled_standards()
    answer = await admin.client.post("/api/library/imports?filename=unit.txt", content=UNIT)
    assert answer.status_code == 201, answer.text


async def test_a_mapping_table_replaces_the_units_links_reaches_phones_and_counts(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await _unit(admin)
    phone = phone_of(worker)
    await phone.pull()
    assert ("1.2", "SCDHSC0389", "P2") in links_on(phone, worker)

    preview = await admin.client.post(f"{MAPPING}/preview", content=TABLE)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert (shown["code"], shown["version"], shown["problems"]) == ("T9000201", 1, [])
    assert {"ref": "1.2", "code": "SCDHSC0389", "nos_ref": "K45"} in shown["replaces"]
    assert len(shown["links"]) == 2
    assert (await admin.client.get("/api/library/standards/T9000201")).json()["standard"][
        "nos_links"
    ] == shown["replaces"]  # a preview stores nothing

    imported = await admin.client.post(MAPPING, content=TABLE)
    assert imported.status_code == 200, imported.text
    stored = (await admin.client.get("/api/library/standards/T9000201")).json()
    assert stored["standard"]["nos_links"] == shown["links"]
    assert [v["number"] for v in stored["info"]["versions"]] == [1]  # the same version

    await phone.pull()
    assert links_on(phone, worker) == [("1.2", "SCDHSC0389", "P3"), ("2.1", "SCDHSC0389", "P1")]

    # one item of evidence on unit criterion 1.2 counts for the NOS criterion now mapped
    await Enrolment.create(
        organisation=worker.organisation,
        worker=worker.user,
        assessor=assessor.user,
        standard_code="SCDHSC0389",
        start_date=date(2026, 1, 5),
    )
    _, scope, rid = await _submitted_evidence(worker, ["T9000201/1/1.2"])
    await _decide(assessor, scope, rid, "accepted", {"T9000201/1/1.2": "met"})
    [coverage] = (
        await worker.client.get(
            f"/api/portfolios/{worker.id}/coverage", params={"standard": "SCDHSC0389"}
        )
    ).json()
    states = {c["key"]: c["state"] for c in coverage["criteria"]}
    assert states["SCDHSC0389/1/P3"] == "met"
    assert (states["SCDHSC0389/1/P2"], states["SCDHSC0389/1/K45"]) == ("none", "none")

    # importing the unit's document again finds the version and keeps the imported mapping
    again = await admin.client.post("/api/library/imports", content=UNIT)
    assert (again.status_code, again.json()["created"]) == (200, False)
    kept = (await admin.client.get("/api/library/standards/T9000201")).json()
    assert kept["standard"]["nos_links"] == shown["links"]


async def test_a_table_with_a_bad_row_is_refused_with_every_rows_problem_and_stores_nothing(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    await _unit(admin)
    before = (await admin.client.get("/api/library/standards/T9000201")).json()["standard"]
    bad = TABLE + b"1.9,SCDHSC0389,P1\r\n1.1,SCDHSC0389,P99\r\n1.1,NOPE0001,P1\r\n"
    preview = (await admin.client.post(f"{MAPPING}/preview", content=bad)).json()
    assert preview["links"] == []
    assert [p["line"] for p in preview["problems"]] == [4, 5, 6]
    answer = await admin.client.post(MAPPING, content=bad)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "csv_problems"
    assert [p["line"] for p in error["detail"]["problems"]] == [4, 5, 6]
    assert "no criterion P99" in error["detail"]["problems"][1]["problem"]
    after = (await admin.client.get("/api/library/standards/T9000201")).json()["standard"]
    assert after["nos_links"] == before["nos_links"]

    unreadable = await admin.client.post(MAPPING, content=b'unit_ref,nos_code,nos_ref\n"1.2,x\n')
    assert (unreadable.status_code, unreadable.json()["error"]["code"]) == (422, "csv_problems")
    latin = await admin.client.post(
        MAPPING, content="unit_ref,nos_code,nos_ref\n1.2,é,P1\n".encode("latin-1")
    )
    assert (latin.status_code, latin.json()["error"]["code"]) == (422, "csv_problems")


async def test_only_the_units_owner_administrator_maps_it(people: People) -> None:
    admin = await people.signed_in("administrator")
    await _unit(admin)
    worker = await people.signed_in("worker")
    assert (await worker.client.post(MAPPING, content=TABLE)).status_code == 403
    stranger = await people.signed_in("administrator", org="Elsewhere Care")
    answer = await stranger.client.post(MAPPING, content=TABLE)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "standard_not_found")
    nos = await admin.client.post("/api/library/standards/SCDHSC0389/mapping", content=TABLE)
    assert (nos.status_code, nos.json()["error"]["code"]) == (409, "not_a_unit")
    missing = await admin.client.post(f"{MAPPING}?version=7", content=TABLE)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "version_not_found")


async def test_a_shared_library_unit_is_not_an_organisations_to_map(people: People) -> None:
    from standards.reader import read_document

    await library.ensure_bundled_standards()
    await library.import_standard(read_document(UNIT, "unit.txt"), organisation_id=None)
    admin = await people.signed_in("administrator")
    answer = await admin.client.post(MAPPING, content=TABLE)
    assert answer.status_code == 409, answer.text
    assert answer.json()["error"]["code"] == "standard_owned_elsewhere"
