"""The portfolio export, from a seeded portfolio with a photo, a signed witness testimony,
decisions with feedback and a progress review, all through the real sync engine and the
real attachment upload; the ZIP and its PDF are read back (pypdf), not looked at as bytes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from server.models import Enrolment
from server.routes.sync import VERSION_HEADERS
from sync.client import SyncClient
from tests.support.people import People, Person

pytestmark = pytest.mark.usefixtures("bundled_standards")

P1, P2, K1 = "SCDHSC0389/1/P1", "SCDHSC0389/1/P2", "SCDHSC0389/1/K1"
TITLES = ("Supported a family visit", "Moving and handling, seen by the nurse")


def _image(kind: str, size: tuple[int, int], colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


PHOTO = _image("JPEG", (640, 480), "teal")
SIGNATURE = _image("PNG", (300, 100), "white")
sha = lambda data: hashlib.sha256(data).hexdigest()  # noqa: E731


async def _upload(person: Person, data: bytes) -> None:
    headers = {**VERSION_HEADERS, "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
               "Content-Type": "application/octet-stream"}
    answer = await person.client.put(f"/sync/attachments/{sha(data)}", content=data,
                                     headers=headers)
    assert answer.status_code == 200 and answer.json()["complete"], answer.text


async def _seeded(people: People) -> tuple[Person, Person]:
    """A worker's portfolio: an accepted observation with a photo, a witness testimony with
    a signature that was referred back, and a held review."""
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await Enrolment.create(organisation=worker.organisation, worker=worker.user,
                           assessor=assessor.user, standard_code="SCDHSC0389",
                           start_date=date(2026, 1, 5))
    phone = SyncClient(worker.client, worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    scope = f"portfolio:{worker.id}"
    seen = phone.create(scope, "evidence", {
        "kind": "observation", "title": TITLES[0], "occurred_at": "2026-11-02",
        "description": "Helped arrange a video call with a relative.", "criteria": [P1, P2],
        "attachments": [sha(PHOTO)]})
    witnessed = phone.create(scope, "evidence", {
        "kind": "witness_testimony", "title": TITLES[1], "occurred_at": "2026-11-09",
        "criteria": [K1], "witness": {
            "name": "Sam Reed", "role": "Nurse", "relationship": "Shift lead",
            "statement": "Checked the sling and explained each step first.",
            "signature_sha256": sha(SIGNATURE), "signed_at": "2026-11-09T10:00:00Z"}})
    for rid in (seen, witnessed):
        phone.transition(scope, "evidence", rid, "submitted")
    await phone.sync()
    await _upload(worker, PHOTO)
    await _upload(worker, SIGNATURE)
    tablet = SyncClient(assessor.client, assessor.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    await tablet.pull()
    for rid, outcome, feedback in ((seen, "accepted", "Clear account of asking consent first."),
                                   (witnessed, "referred", "Say which hoist you used.")):
        judged = {P1: "met", P2: "met"} if outcome == "accepted" else {}  # sync/decisions.py
        tablet.create(scope, "decision", {"evidence_id": rid, "outcome": outcome,
                                          "feedback": feedback, "judgements": judged})
        tablet.transition(scope, "evidence", rid, outcome)
    tablet.create(scope, "review", {"held_on": "2026-11-20", "participants":
                                    "Worker, assessor, line manager",
                                    "notes": "Good progress on family contact."})
    await tablet.sync()
    return worker, assessor


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


async def test_a_worker_exports_their_portfolio_as_a_readable_pdf_with_photos_and_signatures(
    people: People,
) -> None:
    worker, _ = await _seeded(people)
    answer = await worker.client.get("/api/me/export")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert ".zip" in answer.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(_zip(answer.content).read("portfolio.pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for words in (*TITLES, f"Portfolio of {worker.user.display_name}", "Criteria covered",
                  "Sam Reed", "Checked the sling", "Clear account of asking consent first.",
                  "Say which hoist you used.", "Referred back", "Good progress on family contact",
                  "SCDHSC0389", "P1"):
        assert words in text, words
    assert len(pdf.pages) >= 2
    images = [image for page in pdf.pages for image in page.images]
    assert len(images) >= 2, "the photo and the witness's signature are drawn"


async def test_every_file_in_the_zip_is_named_with_the_extension_of_its_type(
    people: People,
) -> None:
    worker, _ = await _seeded(people)
    archive = _zip((await worker.client.get("/api/me/export")).content)
    names = archive.namelist()
    attachments = [n for n in names if n.startswith("attachments/")]
    assert sorted(n.rsplit(".", 1)[-1] for n in attachments) == ["jpg", "png"]
    assert {"portfolio.pdf", "summary.html", "portfolio.json"} <= set(names)
    assert all("." in n.rsplit("/", 1)[-1] for n in names)
    photo = next(n for n in attachments if n.endswith(".jpg"))
    assert archive.read(photo) == PHOTO and "supported-a-family-visit" in photo
    data = json.loads(archive.read("portfolio.json"))
    assert data["attachments"][sha(PHOTO)] == {"name": photo, "content_type": "image/jpeg",
                                               "included": True}
    summary = archive.read("summary.html").decode()
    signature = next(n for n in attachments if n.endswith(".png"))
    assert f'src="{photo}"' in summary and f'src="{signature}"' in summary
    assert "Say which hoist you used." in summary and "Good progress on family contact" in summary


async def test_the_assessors_export_of_the_same_portfolio_is_the_same_fixed_zip(
    people: People,
) -> None:
    worker, assessor = await _seeded(people)
    answer = await assessor.client.get(f"/api/portfolios/{worker.id}/export")
    assert answer.status_code == 200
    archive = _zip(answer.content)
    attachments = [n for n in archive.namelist() if n.startswith("attachments/")]
    assert sorted(n.rsplit(".", 1)[-1] for n in attachments) == ["jpg", "png"]
    assert "<img" in archive.read("summary.html").decode()
    assert TITLES[1] in "".join(p.extract_text() for p in
                                PdfReader(io.BytesIO(archive.read("portfolio.pdf"))).pages)


async def test_a_worker_exports_only_their_own_portfolio(people: People) -> None:
    worker, assessor = await _seeded(people)
    other = await people.signed_in("worker")
    own = json.loads(_zip((await other.client.get("/api/me/export")).content)
                     .read("portfolio.json"))
    assert own["worker"]["id"] == other.id and own["records"] == []
    refused = await other.client.get(f"/api/portfolios/{worker.id}/export")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "portfolio_not_found"
    assert (await assessor.client.get("/api/me/export")).status_code == 403


async def test_a_photo_not_uploaded_yet_is_named_in_the_pdf_not_lost_silently(
    people: People,
) -> None:
    worker = await people.signed_in("worker")
    phone = SyncClient(worker.client, worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    missing = sha(b"never uploaded")
    phone.create(f"portfolio:{worker.id}", "evidence", {
        "kind": "product_evidence", "title": "Rota photo", "attachments": [missing]})
    await phone.sync()
    archive = _zip((await worker.client.get("/api/me/export")).content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("portfolio.pdf"))).pages)
    assert "not uploaded from the phone yet" in text
    assert json.loads(archive.read("portfolio.json"))["attachments"][missing]["included"] is False
    assert not [n for n in archive.namelist() if n.startswith("attachments/")]


async def test_welsh_letters_survive_into_the_pdf(people: People) -> None:
    worker = await people.signed_in("worker")
    phone = SyncClient(worker.client, worker.device_id, retry_scale=0.0)  # type: ignore[arg-type]
    phone.create(f"portfolio:{worker.id}", "evidence", {
        "kind": "reflective_account", "title": "Siarad Cymraeg â’r ŵyr",
        "description": "Defnyddiais y Cynnig Rhagweithiol: ŷd, ŵy, â."})
    await phone.sync()
    archive = _zip((await worker.client.get("/api/me/export")).content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("portfolio.pdf"))).pages)
    assert "Siarad Cymraeg â’r ŵyr" in text and "ŷd, ŵy, â" in text
