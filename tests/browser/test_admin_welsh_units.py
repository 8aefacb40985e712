"""An administrator adds a qualification unit and the Welsh record of a bundled standard
from the app in real Chromium: each is named for what it is before anything is saved, and a
Welsh record that does not match its English version criterion by criterion is refused in
words."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_admin_standards import choose, library_page
from tests.standards.helpers import FIXTURES
from tests.support.live_server import LiveServer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_unit_and_a_welsh_record_are_previewed_and_published(
    browser,
    demo_server: LiveServer,  # type: ignore[no-untyped-def]
) -> None:
    page = library_page(browser, demo_server)
    choose(page, "CFU201.docx", (FIXTURES / "units" / "CFU201.docx").read_bytes(), DOCX)
    parsed = page.locator("#nos-parsed")
    expect(parsed).to_contain_text("T9000201: Support relationships with carers")
    expect(parsed).to_contain_text(
        "A qualification unit: 7 assessment criteria in 2 learning outcome(s). 8 mapping(s)"
    )
    expect(parsed).to_contain_text("1.2 Explain how an individual's needs and circumstances")
    expect(page.locator("#nos-compare")).to_contain_text("A new unit")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("#nos-published")).to_contain_text("Published T9000201 version 1")

    welsh = (FIXTURES / "welsh" / "SCDHSC0389.cy.txt").read_bytes()
    short = b"\n".join(line for line in welsh.split(b"\n") if not line.startswith(b"K46 "))
    choose(page, "cy-short.txt", short, "text/plain")
    expect(page.locator("#nos-language")).to_contain_text("A Welsh record (Cymraeg)")
    expect(page.locator("#nos-compare")).to_contain_text("The Welsh text of version 1")
    expect(page.locator("#nos-translation-problem")).to_contain_text(
        "It cannot be published: It does not match SCDHSC0389 version 1 criterion by criterion: "
        "K46 has no text in it")
    page.get_by_role("button", name="Publish the Welsh text").click()
    expect(page.locator("#nos-published")).to_contain_text(
        "does not match SCDHSC0389 version 1 criterion by criterion: K46 has no text in it"
    )

    choose(
        page,
        "SCDHSC0389.cy.pdf",
        (FIXTURES / "welsh" / "SCDHSC0389.cy.pdf").read_bytes(),
        "application/pdf",
    )
    expect(page.locator("#nos-parsed")).to_contain_text(
        "gweithio gyda'r unigolyn i nodi perthnasoedd", timeout=30_000
    )
    page.get_by_role("button", name="Publish the Welsh text").click()
    expect(page.locator("#nos-published")).to_contain_text(
        "Stored the Welsh text of SCDHSC0389 version 1"
    )
    page.context.close()
