"""Every worker screen on a phone: axe-core finds no WCAG 2.2 A/AA violation, and a
phone-sized screenshot of each is kept in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import axe_violations, ready_offline, sign_in
from tests.support.live_server import LiveServer

KINDS = ["observation", "reflective_account", "witness_testimony", "professional_discussion",
         "product_evidence", "evidence_location"]


@pytest.fixture
def page(browser) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A phone-sized page that may run axe-core: the app's CSP forbids injected inline script,
    so this context bypasses CSP (for axe only; the app itself never needs it)."""
    context = browser.new_context(**PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def check(page: Page, name: str) -> list[str]:
    """Screenshot the screen and return its violations as readable lines."""
    screenshot(page, f"worker-{name}")
    return [f"{name}: {v['id']} ({v['help']}) at {v['nodes']}" for v in axe_violations(page)]


def test_every_worker_screen_passes_axe_and_is_kept_as_a_screenshot(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    problems = check(page, "sign-in")
    sign_in(page, demo_server)
    ready_offline(page)
    problems += check(page, "home")

    page.goto(demo_server.url + "/#/capture")
    expect(page.get_by_role("heading", name="Capture evidence")).to_be_visible()
    problems += check(page, "capture-choose")
    for kind in KINDS:
        page.goto(demo_server.url + f"/#/capture?kind={kind}")
        expect(page.get_by_label("Title")).to_be_visible()
        page.get_by_label("Title").fill(f"A {kind.replace('_', ' ')}")
        if kind == "witness_testimony":
            page.get_by_label("Witness's name").fill("Jo Senior")
            page.get_by_label("Witness's job role").fill("Senior carer")
        problems += check(page, f"capture-{kind.replace('_', '-')}")
        page.get_by_role("button", name="Save evidence").click()
        expect(page.locator(".badge")).to_be_visible()

    problems += check(page, "evidence-item")
    page.goto(demo_server.url + "/#/evidence")
    expect(page.get_by_role("heading", name="My evidence")).to_be_visible()
    problems += check(page, "evidence-list")
    page.goto(demo_server.url + "/#/standards")
    expect(page.get_by_role("heading", name="Standards")).to_be_visible()
    problems += check(page, "standards")
    page.get_by_role("link", name="SCDHSC0389", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SCDHSC0389")
    page.locator("details summary").first.click()
    problems += check(page, "standard")
    page.goto(demo_server.url + "/#/sync")
    expect(page.get_by_role("heading", name="Sync")).to_be_visible()
    problems += check(page, "sync")
    assert problems == []


def test_the_confidentiality_guard_warns_while_typing_and_offers_a_pseudonym(page: Page, demo_server: LiveServer) -> None:
    sign_in(page, demo_server)
    ready_offline(page)
    page.context.set_offline(True)
    page.goto(demo_server.url + "/#/capture?kind=observation")
    what = page.get_by_label("What I did")
    what.fill("I helped Mrs Margaret Thompson, born 12/03/1941, NHS number 943 476 5919, to wash.")
    guard = page.locator("#description-guard")
    expect(guard).to_contain_text("This may identify someone")
    expect(guard).to_contain_text("Margaret Thompson")
    expect(page.get_by_role("button", name="Save evidence")).to_be_enabled()
    screenshot(page, "worker-capture-guard-warning")
    assert axe_violations(page) == []
    guard.get_by_role("button", name="Replace with a pseudonym").click()
    expect(what).not_to_have_value("Margaret")
    value = what.input_value()
    assert "Thompson" not in value and "943 476 5919" not in value and "1941" not in value
    assert "Person A" in value
    expect(guard).to_be_hidden()
