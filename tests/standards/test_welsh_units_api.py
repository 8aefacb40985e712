"""Welsh records and qualification units through the library API and into device documents."""

from __future__ import annotations

from standards import library
from standards.documents import library_documents
from tests.standards.helpers import FIXTURES
from tests.support.people import People

WELSH = (FIXTURES / "welsh" / "SCDHSC0389.cy.txt").read_bytes()
UNIT = (FIXTURES / "units" / "CFU201.txt").read_bytes()


async def test_a_welsh_record_is_stored_as_the_welsh_text_of_the_current_version(
    people: People,
) -> None:
    await library.ensure_bundled_standards()
    admin = await people.signed_in("administrator")
    preview = await admin.client.post("/api/library/preview?filename=cy.txt", content=WELSH)
    assert preview.status_code == 200, preview.text
    assert preview.json()["standard"]["language"] == "cy"
    assert preview.json()["doubts"] == []
    assert (preview.json()["translation_of"], preview.json()["translation_problem"]) == (1, None)
    imported = await admin.client.post("/api/library/imports?filename=cy.txt", content=WELSH)
    assert imported.status_code == 201, imported.text
    body = imported.json()
    assert (body["code"], body["version"], body["language"]) == ("SCDHSC0389", 1, "cy")
    again = await admin.client.post("/api/library/imports", content=WELSH)
    assert (again.status_code, again.json()["created"]) == (200, False)
    # no new English version: the Welsh text sits beside version 1
    info = (await admin.client.get("/api/library/standards/SCDHSC0389")).json()
    assert [v["number"] for v in info["info"]["versions"]] == [1]
    welsh = info["translations"]["cy"]
    english = info["standard"]
    assert [c["ref"] for s in welsh["sections"] for c in s["criteria"]] == [
        c["ref"] for s in english["sections"] for c in s["criteria"]
    ]
    p1 = welsh["sections"][0]["criteria"][0]
    assert p1["text"].startswith("gweithio gyda'r unigolyn i nodi perthnasoedd")
    # devices get it beside the English, by ref; another organisation does not
    worker = await people.signed_in("worker")
    documents = {d.code: d for d in await library_documents(library.Scope(worker.organisation.id))}
    cy = documents["SCDHSC0389"].languages["cy"]
    assert cy.criteria["P1"] == p1["text"]
    assert cy.groups["K1"] == "Hawliau"
    assert set(cy.criteria) == {c.ref for c in documents["SCDHSC0389"].criteria}
    assert documents["SCDHSC3110"].languages == {}
    stranger = await people.signed_in("worker", org="Elsewhere Care")
    theirs = {d.code: d for d in await library_documents(library.Scope(stranger.organisation.id))}
    assert theirs["SCDHSC0389"].languages == {}


async def test_a_welsh_record_that_does_not_match_criterion_by_criterion_is_refused(
    people: People,
) -> None:
    await library.ensure_bundled_standards()
    admin = await people.signed_in("administrator")
    lines = WELSH.decode().splitlines()
    short = "\n".join(line for line in lines if not line.startswith("P25 ")).encode()
    preview = (await admin.client.post("/api/library/preview", content=short)).json()
    assert preview["translation_of"] == 1
    assert "P25 has no text in it" in preview["translation_problem"]
    answer = await admin.client.post("/api/library/imports", content=short)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "translation_mismatch"
    assert "P25 has no text in it" in error["message"]
    assert "performance: 25 in English, 24 in it" in error["message"]
    assert error["detail"]["missing"] == ["P25"] and error["detail"]["extra"] == []
    extra = (
        WELSH.decode()
        .replace("K46 sut i asesu", "K46 sut i asesu\nK47 testun ychwanegol\nK48 sut i")
        .replace("K48 sut i ac ymdrin", "K48 sut i ymdrin")
    )
    answer = await admin.client.post("/api/library/imports", content=extra.encode())
    error = answer.json()["error"]
    assert (answer.status_code, error["code"]) == (422, "translation_mismatch"), answer.text
    assert error["detail"]["extra"] == ["K47", "K48"]
    shown = (await admin.client.get("/api/library/standards/SCDHSC0389")).json()
    assert shown["translations"] == {}


async def test_a_welsh_record_of_a_standard_not_in_the_library_says_import_the_english_first(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    answer = await admin.client.post("/api/library/imports", content=WELSH)
    assert answer.status_code == 404, answer.text
    assert "Import the English record first" in answer.json()["error"]["message"]


async def test_a_unit_is_imported_with_its_criteria_and_nos_mapping(people: People) -> None:
    await library.ensure_bundled_standards()
    admin = await people.signed_in("administrator")
    imported = await admin.client.post("/api/library/imports?filename=unit.txt", content=UNIT)
    assert imported.status_code == 201, imported.text
    body = imported.json()
    assert (body["code"], body["framework"], body["assessment"]) == ("T9000201", "unit", 7)
    shown = (await admin.client.get("/api/library/standards/t9000201")).json()
    assert shown["info"]["framework"] == "unit"
    refs = [c["ref"] for s in shown["standard"]["sections"] for c in s["criteria"]]
    assert refs == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]
    assert shown["standard"]["unit"]["level"] == "2"
    assert {"ref": "1.2", "code": "SCDHSC0389", "nos_ref": "K45"} in shown["standard"]["nos_links"]
    documents = {d.code: d for d in await library_documents(library.Scope(admin.organisation.id))}
    unit = documents["T9000201"]
    assert unit.framework == "unit"
    assert [(c.ref, c.kind) for c in unit.criteria][:2] == [
        ("1.1", "assessment"),
        ("1.2", "assessment"),
    ]
    assert unit.criteria[1].group.startswith("1 Understand why relationships")
    found = (await admin.client.get("/api/library/search", params={"q": "circumstances"})).json()
    assert "T9000201/1/1.2" in [h["criterion"]["key"] for h in found["hits"]]


async def test_a_refused_unit_says_why_and_stores_nothing(people: People) -> None:
    admin = await people.signed_in("administrator")
    broken = UNIT.decode().replace("1.3 Identify", "1.4 Identify").encode()
    answer = await admin.client.post("/api/library/imports", content=broken)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["detail"]["reason"] == "missing_number"
    assert "1.3 expected after 1.2 but found 1.4" in error["message"]
    assert (await admin.client.get("/api/library/standards")).json()["standards"] == []
