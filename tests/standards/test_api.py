"""The library over HTTP: browse, search, and an administrator's upload, preview and import."""

from __future__ import annotations

from standards import library
from tests.standards.helpers import FIXTURES
from tests.support.people import People

PDF = (FIXTURES / "pdf" / "SCDHSC0389.pdf").read_bytes()


async def test_a_worker_lists_fetches_and_searches_the_bundled_library(people: People) -> None:
    await library.ensure_bundled_standards()
    worker = await people.signed_in("worker")
    listed = (await worker.client.get("/api/library/standards")).json()["standards"]
    assert len(listed) == 5
    answer = await worker.client.get("/api/library/standards/scdhsc0389")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["version"] == 1
    assert body["standard"]["sections"][0]["criteria"][0]["ref"] == "P1"
    assert body["standard"]["glossary"][0]["term"] == "Active participation"
    found = (await worker.client.get("/api/library/search", params={"q": "confidentailty"})).json()
    assert found["hits"] and "confidential" in found["hits"][0]["criterion"]["text"]


async def test_an_administrator_previews_then_imports_a_pdf_and_workers_browse_it(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    headers = {"content-type": "application/pdf"}
    preview = await admin.client.post(
        "/api/library/preview?filename=x.pdf", content=PDF, headers=headers
    )
    assert preview.status_code == 200, preview.text
    assert (preview.json()["performance"], preview.json()["knowledge"]) == (25, 46)
    assert (await admin.client.get("/api/library/standards")).json()["standards"] == []
    imported = await admin.client.post(
        "/api/library/imports?filename=x.pdf", content=PDF, headers=headers
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["code"] == "SCDHSC0389" and imported.json()["version"] == 1
    again = await admin.client.post("/api/library/imports", content=PDF, headers=headers)
    assert (again.status_code, again.json()["created"]) == (200, False)
    worker = await people.signed_in("worker")
    shown = (await worker.client.get("/api/library/standards/SCDHSC0389")).json()
    assert shown["standard"]["layout"] == "pdf"
    stranger = await people.signed_in("worker", org="Elsewhere Care")
    assert (await stranger.client.get("/api/library/standards/SCDHSC0389")).status_code == 404


async def test_a_refused_upload_says_why_and_where_and_stores_nothing(people: People) -> None:
    admin = await people.signed_in("administrator")
    body = (FIXTURES / "refused" / "missing-number.txt").read_bytes()
    answer = await admin.client.post("/api/library/imports", content=body)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "document_refused"
    assert error["detail"] == {"reason": "missing_number", "line": 4}
    assert "P2 expected after P1" in error["message"]
    assert (await admin.client.get("/api/library/standards")).json()["standards"] == []


async def test_only_administrators_may_upload(people: People) -> None:
    assessor = await people.signed_in("assessor")
    answer = await assessor.client.post("/api/library/preview", content=PDF)
    assert answer.status_code == 403


async def test_an_administrator_marks_their_own_versions_but_not_the_shared_library(
    people: People,
) -> None:
    await library.ensure_bundled_standards()
    admin = await people.signed_in("administrator")
    shared = await admin.client.post(
        "/api/library/standards/SCDLMCB4/versions/1/status", json={"status": "legacy"}
    )
    assert shared.status_code == 403
    unit = (FIXTURES / "other" / "unit-code-title.txt").read_bytes()
    assert (await admin.client.post("/api/library/imports", content=unit)).status_code == 201
    changed = unit.replace(b"P4 check whether", b"P4 check carefully whether")
    assert (await admin.client.post("/api/library/imports", content=changed)).status_code == 201
    diff = (await admin.client.get("/api/library/standards/SCDHSC0021/diff")).json()
    assert [c["old_ref"] for c in diff["changes"]["reworded"]] == ["P4"]
    marked = await admin.client.post(
        "/api/library/standards/SCDHSC0021/versions/1/status", json={"status": "current"}
    )
    assert marked.status_code == 204
    shown = (await admin.client.get("/api/library/standards/SCDHSC0021")).json()
    assert shown["version"] == 1


async def test_the_search_api_finds_the_placeholder_examples_as_the_phone_does(people: People) -> None:
    await library.ensure_bundled_standards()
    worker = await people.signed_in("worker")
    for query, expected in (("privacy", "SCDHSC0389/1/K34"), ("comunicate", "SCDHSC0389/1/K25"),
                            ("safeguarding", "SCDHSC0389/1/K28"), ("sign language", "SCDHSC0389/1/P10")):
        found = (await worker.client.get("/api/library/search",
                                         params={"q": query, "limit": 100})).json()
        assert expected in [h["criterion"]["key"] for h in found["hits"]], query
