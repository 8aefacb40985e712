"""An administrator adds a standard from the app in real Chromium: upload, see it parsed and
compared with the current version before anything is saved, publish, choose what is current."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import WORKER, Api, ready_offline, sign_in, wait_until_synced
from tests.standards.helpers import FIXTURES
from tests.support.live_server import LiveServer

ADMIN = "admin@demo.carefolio"
DESK = {**PHONE, "viewport": {"width": 1024, "height": 900}, "is_mobile": False, "has_touch": False}
UNIT = (FIXTURES / "other" / "unit-code-title.txt").read_bytes()


def library_page(browser, server: LiveServer) -> Page:  # type: ignore[no-untyped-def]
    page: Page = browser.new_context(**DESK).new_page()
    sign_in(page, server, ADMIN)
    page.goto(server.url + "/#/library")
    expect(page.locator("#library-list li.standard-admin").first).to_be_visible()
    return page


def choose(page: Page, name: str, content: bytes, mime: str) -> None:
    page.locator("#nos-file").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="Read it").click()


def test_a_new_standard_is_previewed_published_and_a_new_version_compared_before_it_is_saved(
    browser, demo_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = library_page(browser, demo_server)
    choose(page, "unit.txt", UNIT, "text/plain")
    parsed = page.locator("#nos-parsed")
    expect(parsed).to_contain_text("SCDHSC0021: Support effective communication")
    expect(parsed).to_contain_text("4 performance criteria, 4 knowledge statements")
    expect(parsed).to_contain_text("P2 take steps to reduce environmental barriers")
    expect(page.locator("#nos-compare")).to_contain_text("A new standard")
    expect(page.locator("li.standard-admin[data-code=SCDHSC0021]")).to_have_count(0)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("#nos-published")).to_contain_text("Published SCDHSC0021 version 1, now current")
    expect(page.locator("li.standard-admin[data-code=SCDHSC0021]")).to_contain_text("Version 1: current")

    changed = UNIT.replace(b"P4 check whether", b"P4 check carefully whether")
    choose(page, "unit-v2.txt", changed, "text/plain")
    compare = page.locator("#nos-compare")
    expect(compare).to_contain_text("Compared with version 1, the current one")
    expect(compare).to_contain_text("Reworded (1)")
    expect(compare).to_contain_text("P4")
    screenshot(page, "admin-standard-compare")
    page.get_by_label(re.compile("Make it the current version")).uncheck()
    page.get_by_role("button", name="Publish as a new version").click()
    expect(page.locator("#nos-published")).to_contain_text("version 1 stays current")
    card = page.locator("li.standard-admin[data-code=SCDHSC0021]")
    expect(card).to_contain_text("Version 1: current")
    expect(card).to_contain_text("Version 2: legacy")
    card.get_by_role("button", name="Make version 2 current").click()
    switch = card.locator(".switch-preview")
    expect(switch).to_contain_text("Compared with version 1, the current one")
    expect(switch).to_contain_text("Reworded (1)")
    expect(card).to_contain_text("Version 1: current")  # nothing changed before confirming
    card.get_by_role("button", name="Confirm: make version 2 current").click()
    expect(card).to_contain_text("Version 2: current")
    page.context.close()


def test_a_docx_and_a_pdf_are_previewed_and_a_shared_standard_is_not_overwritten(
    browser, demo_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = library_page(browser, demo_server)
    docx = (FIXTURES / "docx" / "SCDLMCB4.docx").read_bytes()
    choose(page, "SCDLMCB4.docx", docx,
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    expect(page.locator("#nos-parsed")).to_contain_text("SCDLMCB4")
    expect(page.locator("#nos-compare")).to_contain_text("The criteria are the same as in version 1")
    page.get_by_role("button", name="Publish as a new version").click()
    expect(page.locator("#nos-published")).to_contain_text(re.compile("Nothing new|belongs to the shared library"))

    pdf = (FIXTURES / "pdf" / "SCDHSC0389.pdf").read_bytes()
    choose(page, "SCDHSC0389.pdf", pdf, "application/pdf")
    # reading a PDF takes seconds on a loaded machine
    expect(page.locator("#nos-parsed")).to_contain_text("25 performance criteria, 46 knowledge statements",
                                                        timeout=30_000)
    card = page.locator("li.standard-admin[data-code=SCDHSC0389]")
    expect(card).to_contain_text("1 enrolment(s)")
    page.context.close()


def test_a_worker_enrolled_on_a_published_standard_maps_evidence_to_it_offline(
    browser, demo_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = library_page(browser, demo_server)
    if not page.locator("li.standard-admin[data-code=SCDHSC0021]").count():
        choose(page, "unit.txt", UNIT, "text/plain")
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator("#nos-published")).to_contain_text("Published SCDHSC0021")
    with Api(demo_server, ADMIN) as admin, Api(demo_server, WORKER) as worker:
        enrolled = admin.http.post("/api/admin/enrolments", json={
            "worker_id": worker.user_id, "standard_code": "SCDHSC0021", "start_date": "2026-09-01"})
        assert enrolled.status_code == 201, enrolled.text
    page.context.close()

    context = browser.new_context(**PHONE)
    phone = context.new_page()
    sign_in(phone, demo_server, WORKER)
    ready_offline(phone)
    context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    phone.get_by_role("link", name="Capture", exact=True).click()
    phone.get_by_role("link", name="Reflective account").click()
    phone.get_by_label("Title").fill("Helping a resident use their picture board")
    phone.get_by_label("Reflective model").select_option("driscoll")
    phone.get_by_label("What?", exact=True).fill("I used the picture board the resident prefers.")
    phone.get_by_label("Search criteria").fill("preferred methods of communication")
    result = phone.locator("#criteria-results li", has_text="SCDHSC0021").first
    expect(result).to_be_visible()
    result.locator("input[type=checkbox]").check()
    phone.get_by_role("button", name="Save evidence").click()
    expect(phone.locator(".badge")).to_have_text("Waiting to send")
    evidence_id = phone.url.rsplit("/", 1)[1]
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(phone)
    with Api(demo_server, WORKER) as worker:
        fields = worker.records(f"portfolio:{worker.user_id}")[evidence_id]["fields"]
    assert any(key.startswith("SCDHSC0021/") for key in fields["criteria"]), fields["criteria"]
    context.close()
