"""A witness signs on the worker's phone with a finger, offline: "Clear" starts again, an
empty pad is refused, and the signature syncs as a PNG attachment named by its SHA-256,
with the witness's statement, exactly as drawn."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    ready_offline,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

STATEMENT = "I watched Wren support Mrs C to the dining room at her own pace, asking before helping."


def sign(page: Page, strokes: list[list[tuple[float, float]]]) -> None:
    """Draw on the pad with touch-like pointer moves (fractions of its width and height)."""
    pad = page.get_by_role("img", name="Signature area: the witness signs here with a finger")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=5)
        page.mouse.up()


def test_a_witness_signs_offline_and_the_signature_syncs_as_drawn(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    page = context.new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    context.set_offline(True)
    page.goto(demo_server.url + "/#/capture?kind=witness_testimony")
    page.get_by_label("Title").fill("Witnessed: mealtime support")
    page.get_by_label("Witness's name").fill("Jo Senior")
    page.get_by_label("Witness's job role").fill("Senior carer")
    page.get_by_label("What the witness saw").fill(STATEMENT)

    page.get_by_role("button", name="Witness has signed").click()
    expect(page.get_by_text("Nothing is signed yet.")).to_be_visible()
    sign(page, [[(0.1, 0.93), (0.9, 0.93)]])  # a slip of the finger, along the bottom
    page.get_by_role("button", name="Clear").click()
    sign(page, [[(0.1, 0.7), (0.3, 0.3), (0.5, 0.7)], [(0.6, 0.3), (0.9, 0.3)]])  # the signature
    page.get_by_role("button", name="Witness has signed").click()
    expect(page.get_by_text("Signature saved.")).to_be_visible()
    expect(page.get_by_role("img", name="The witness's signature")).to_be_visible()
    screenshot(page, "worker-capture-witness-signed")
    page.get_by_role("button", name="Save evidence").click()
    expect(page.locator(".badge")).to_have_text("Waiting to send")
    evidence_id = page.url.rsplit("/", 1)[1]

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(page)
    expect(page.locator(".badge")).to_have_text("Sent (draft)")
    with Api(demo_server, WORKER) as api:
        witness = api.records(f"portfolio:{api.user_id}")[evidence_id]["fields"]["witness"]
        stored = api.attachment(witness["signature_sha256"])
    assert (witness["name"], witness["role"], witness["statement"]) == ("Jo Senior", "Senior carer", STATEMENT)
    assert witness["signed_at"]
    assert hashlib.sha256(stored).hexdigest() == witness["signature_sha256"]
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("PNG", (600, 220))
    alpha = image.convert("RGBA").getchannel("A")  # the pad is transparent where not drawn
    ink = [(x, y) for x in range(0, 600, 3) for y in range(0, 220, 3) if alpha.getpixel((x, y)) > 128]
    assert ink, "the signature has ink"
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    # the second signature as drawn (10-90 % across, 30-70 % down), not the cleared slip
    assert min(xs) < 0.15 * 600 and max(xs) > 0.85 * 600
    assert min(ys) > 0.2 * 220 and max(ys) < 0.8 * 220


def test_a_signed_testimony_shows_its_witness_and_signature_and_an_edit_after_signing_is_flagged_everywhere(
        phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    worker_context, assessor_context = phone(), phone()
    worker, assessor = worker_context.new_page(), assessor_context.new_page()
    sign_in(worker, demo_server)
    ready_offline(worker)
    worker_context.set_offline(True)
    worker.goto(demo_server.url + "/#/capture?kind=witness_testimony")
    worker.get_by_label("Title").fill("Witnessed: a calm transfer")
    worker.get_by_label("Witness's name").fill("Jo Senior")
    worker.get_by_label("Witness's job role").fill("Senior carer")
    worker.get_by_label("How they know your work (optional)").fill("Shift lead")
    worker.get_by_label("What the witness saw").fill(STATEMENT)
    sign(worker, [[(0.1, 0.7), (0.3, 0.3), (0.5, 0.7)]])
    worker.get_by_role("button", name="Witness has signed").click()
    expect(worker.get_by_text("Signature saved.")).to_be_visible()
    worker.get_by_role("button", name="Save evidence").click()
    expect(worker.locator(".badge")).to_have_text("Waiting to send")
    evidence_id = worker.url.rsplit("/", 1)[1]
    witness = worker.locator(".witness")
    for shown in ("Jo Senior", "Senior carer", "Shift lead", STATEMENT):
        expect(witness).to_contain_text(shown)
    expect(witness.get_by_role("img", name="Signature of Jo Senior")).to_be_visible()
    expect(witness.locator(".signature-state")).to_have_attribute("data-state", "signed")
    expect(witness.locator(".signature-state")).to_contain_text("Signed on")
    worker_context.set_offline(False)
    wait_until_synced(worker)

    with Api(demo_server, WORKER) as api:
        wid = api.user_id
        sign_in(assessor, demo_server, ASSESSOR)
        wait_until_synced(assessor)
        assessor.goto(demo_server.url + f"/#/workers/{wid}/evidence/{evidence_id}")
        seen = assessor.locator(".witness")
        expect(seen).to_contain_text("Shift lead", timeout=15_000)
        expect(seen.get_by_role("img", name="Signature of Jo Senior")).to_be_visible()
        expect(seen.locator(".signature-state")).to_have_attribute("data-state", "signed")

        # The worker changes the statement after the witness signed it (offline).
        worker_context.set_offline(True)
        worker.get_by_role("link", name="Edit").click()
        worker.get_by_label("What the witness saw").fill(STATEMENT + " Then she left early.")
        expect(worker.get_by_text("Changed after signing")).to_be_visible()
        worker.get_by_role("button", name="Save changes").click()
        expect(worker).to_have_url(re.compile(f"/#/evidence/{evidence_id}$"))
        expect(worker.locator(".witness .signature-state")).to_have_attribute("data-state", "changed")
        expect(worker.locator(".witness")).to_contain_text("Changed after signing")
        worker_context.set_offline(False)
        wait_until_synced(worker)

        assessor.reload()
        expect(assessor.locator(".witness .signature-state")).to_have_attribute("data-state", "changed", timeout=15_000)
        expect(assessor.locator(".witness")).to_contain_text("Changed after signing")

        answer = api.http.get(f"/api/portfolios/{wid}/export")
        answer.raise_for_status()
        archive = zipfile.ZipFile(io.BytesIO(answer.content))
        summary = archive.read("summary.html").decode()
        assert "Changed after signing" in summary and "Shift lead" in summary
        sha = api.records(f"portfolio:{wid}")[evidence_id]["fields"]["witness"]["signature_sha256"]
        data = json.loads(archive.read("portfolio.json"))
        name = data["attachments"][sha]["name"]  # the signature image travels in the ZIP, shown in the summary
        assert name in archive.namelist() and f'src="{name}"' in summary
        records = data["records"]
        assert next(r for r in records if r["id"] == evidence_id)["signature_state"] == "changed"


def test_a_review_signature_is_bound_to_its_text_and_an_edit_after_signing_asks_for_it_again(
        phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    notes = "Good progress on choices at mealtimes."
    with Api(demo_server, WORKER) as worker_api, Api(demo_server, ASSESSOR) as assessor_api:
        wid = worker_api.user_id
        scope = f"portfolio:{wid}"
        results = assessor_api.push(
            {"op": "create", "scope": scope, "entity": "review", "id": "bound-r1",
             "fields": {"standards": ["SCDHSC0389"], "held_on": "2026-11-30", "participants": "Wren, Sam",
                        "notes": notes, "actions": "Observe lunch.", "next_review_due": "2027-02-28"}},
            {"op": "transition", "scope": scope, "entity": "review", "id": "bound-r1", "to": "held"})
        assert [r["result"] for r in results] == ["applied", "applied"]
        page = phone().new_page()
        sign_in(page, demo_server)
        ready_offline(page)
        page.get_by_role("link", name="Reviews: SCDHSC0389").click()
        card = page.locator("#review-list li").filter(has_text=notes)
        page.context.set_offline(True)
        card.get_by_role("button", name="Sign: I agree this is a record of my review").click()
        card = page.locator("#review-list li").filter(has_text=notes)
        expect(card.locator("[data-signatures]")).to_have_attribute("data-signatures", "signed unsigned")
        page.context.set_offline(False)
        wait_until_synced(page)
        review = assessor_api.records(scope)["bound-r1"]
        assert review["fields"]["worker_signed_digest"].startswith("sha256:")

        # The notes are changed after the worker signed: the signature no longer counts.
        results = assessor_api.push({"op": "update", "scope": scope, "entity": "review", "id": "bound-r1",
                                     "set": {"notes": notes + " Needs support with hoists."},
                                     "base": {"notes": review["versions"]["notes"]}})
        assert results[0]["result"] == "applied"
        wait_until_synced(page)
        page.reload()
        card = page.locator("#review-list li").filter(has_text="Needs support with hoists.")
        expect(card).to_contain_text("changed after signing: needs signing again", timeout=15_000)
        expect(card.get_by_role("button", name="Sign: I agree this is a record of my review")).to_be_visible()

        answer = worker_api.http.get(f"/api/portfolios/{wid}/export")
        archive = zipfile.ZipFile(io.BytesIO(answer.content))
        assert "Worker: Changed after signing" in archive.read("summary.html").decode()
        records = json.loads(archive.read("portfolio.json"))["records"]
        assert next(r for r in records if r["id"] == "bound-r1")["signature_state"] == {
            "worker": "changed", "assessor": "unsigned"}
