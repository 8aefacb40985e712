"""An administrator enrols a worker on an apprenticeship: the rule follows the year it
started, and a different frequency from August 2025 asks for the employer's agreement (the
server's refusal shown in words until it is given)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_admin_people import admin_page
from tests.browser.test_worker_support import WORKER, sign_in, wait_until_synced
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("apprenticeship"), "--demo").start()
    yield live
    live.stop()


def test_an_apprenticeship_from_august_2025_on_another_rule_needs_the_employers_agreement(
    browser, server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, server)
    page.get_by_role("link", name="Wren Worker").click()
    expect(page.get_by_role("heading", name="Wren Worker")).to_be_visible()
    page.get_by_label(re.compile("^SCDLMCB4")).check()
    page.get_by_label("Start date").fill("2025-07-31")
    page.get_by_label(re.compile("^An apprenticeship")).check()
    expect(page.get_by_label("Every 12 weeks")).to_be_checked()
    expect(page.locator("#enrol-rule-year")).to_have_text(
        "Apprenticeship started 2025-07-31: before 2025/26 rules, reviews every 12 weeks.")
    page.get_by_label("Start date").fill("2025-09-01")
    page.get_by_label("Start date").dispatch_event("change")
    expect(page.get_by_label(re.compile("^Every 3 calendar months"))).to_be_checked()
    expect(page.get_by_label("Who agreed it for the employer")).to_be_hidden()

    page.get_by_label("Every 12 weeks").check()
    expect(page.get_by_label("Who agreed it for the employer")).to_be_visible()
    page.get_by_label("Why this frequency was agreed").fill("Twelve weeks suits the rota")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator("#enrol-result")).to_contain_text("say who agreed it")
    page.get_by_label("Who agreed it for the employer").fill("Rita Patel, registered manager")
    page.get_by_label("When they agreed it").fill("2025-08-20")
    page.get_by_role("button", name="Enrol", exact=True).click()
    card = page.locator("li.enrolment[data-code=SCDLMCB4]")
    expect(card).to_contain_text("Apprenticeship (2025/26 rules): ends with the end-point "
                                 "assessment after the gateway.")
    expect(card).to_contain_text("agreed for the employer by Rita Patel, registered manager on "
                                 "2025-08-20 (Twelve weeks suits the rota)")
    screenshot(page, "admin-apprenticeship-agreed")
    page.context.close()

    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, server, WORKER)
    wait_until_synced(phone)
    phone.goto(server.url + "/#/")
    expect(phone.locator(".apprenticeship")).to_have_text(
        "Apprenticeship (2025/26 rules): it ends with the end-point assessment after the "
        "gateway.")
    phone.context.close()
