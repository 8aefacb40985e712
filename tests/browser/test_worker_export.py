"""A worker takes their portfolio away: with a signal the full ZIP (PDF read back), and with
the network really off, what the phone holds (an HTML summary and the JSON, built in the
browser), with a sentence saying the PDF needs a signal. Real Chromium, real server."""

from __future__ import annotations

import io
import json
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import ASSESSOR, WORKER, Api, png, ready_offline, sign_in
from tests.support.live_server import LiveServer

OFFLINE_TITLE = "Rota photographed with no signal"
TITLES = ["Family visit & video call", "Moving and handling, seen by the nurse"]


def _seeded(server: LiveServer) -> list[str]:
    """The demo worker's evidence titles, after adding two items through the sync API."""
    with Api(server, WORKER) as api:
        scope = f"portfolio:{api.user_id}"
        results = api.push(
            {"op": "create", "scope": scope, "entity": "evidence", "id": "export-e1",
             "fields": {"kind": "observation", "title": TITLES[0],
                        "criteria": ["SCDHSC0389/1/P1"]}},
            {"op": "create", "scope": scope, "entity": "evidence", "id": "export-e2",
             "fields": {"kind": "witness_testimony", "title": TITLES[1], "witness": {
                 "name": "Sam Reed", "role": "Nurse", "statement": "Explained each step."}}})
        assert [r["result"] for r in results] == ["applied", "applied"]
        records = api.records(scope)
    return [r["fields"]["title"] for r in records.values()
            if r["entity"] == "evidence" and r["fields"].get("title")]


def test_a_worker_downloads_the_full_export_with_a_signal_and_the_phones_copy_without(phone, demo_server: LiveServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    titles = _seeded(demo_server)
    assert set(TITLES) <= set(titles)
    context = phone()
    page = context.new_page()
    sign_in(page, demo_server)
    ready_offline(page)

    page.get_by_role("link", name="Export my portfolio").click()
    expect(page.get_by_role("heading", name="Export my portfolio")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my portfolio (ZIP with PDF)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert download.value.suggested_filename.endswith(".zip")
    names = archive.namelist()
    assert {"portfolio.pdf", "summary.html", "portfolio.json"} <= set(names)
    assert all("." in name.rsplit("/", 1)[-1] for name in names)
    expect(page.locator("#export-full-status")).to_contain_text("Saved carefolio-portfolio-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("portfolio.pdf"))).pages)
    assert all(title in text for title in titles), "the PDF names every item"

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Export my portfolio")).to_be_visible()
    expect(page.locator("#export-offline")).to_contain_text("the full export needs a signal")
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Product evidence").click()
    page.get_by_label("Title").fill(OFFLINE_TITLE)
    photo = tmp_path / "rota.png"
    photo.write_bytes(png(400, 300))
    page.locator("#photo").set_input_files(str(photo))
    expect(page.get_by_role("img", name="Photo 1")).to_be_visible()
    page.get_by_role("button", name="Save evidence").click()
    expect(page.locator(".badge")).to_have_text("Waiting to send")
    page.goto(demo_server.url + "/#/export")
    expect(page.locator("#export-offline")).to_be_visible()
    expect(page.get_by_role("button", name="Download my portfolio (ZIP with PDF)")).to_have_count(0)
    screenshot(page, "worker-export-offline")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save a summary (web page)").click()
    html = download.value.path().read_text("utf-8")
    assert download.value.suggested_filename.endswith(".html")
    assert "Portfolio of Wren Worker" in html and "needs a signal" in html
    assert all(title.replace("&", "&amp;") in html for title in titles)
    assert OFFLINE_TITLE in html and "Waiting to send" in html
    assert '<img src="data:image/jpeg;base64,' in html, "the photo this phone holds is in its copy"
    expect(page.locator("#export-status")).to_contain_text("Saved carefolio-phone-copy-")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the data (JSON)").click()
    data = json.loads(download.value.path().read_text("utf-8"))
    assert data["format"] == "carefolio-phone-copy/1"
    held = sorted(i["fields"]["title"] for i in data["items"] if i["fields"].get("title"))
    assert held == sorted([*titles, OFFLINE_TITLE])

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("button", name="Download my portfolio (ZIP with PDF)")).to_be_visible()


def test_a_refused_export_says_why_in_words(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    page = context.new_page()
    sign_in(page, demo_server, ASSESSOR)
    page.goto(demo_server.url + "/#/export")
    page.get_by_role("button", name="Download my portfolio (ZIP with PDF)").click()
    expect(page.locator("#export-full-status")).to_have_text(
        "The full export could not be made: This needs one of these roles: worker. "
        "You can save what this phone holds below.")
