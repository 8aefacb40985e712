"""At night the phone asks for the dark colour scheme: the worker's and the assessor's main
screens pass axe-core (contrast included) in it too, and are kept as screenshots."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import (
    ASSESSOR,
    axe_violations,
    ready_offline,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

WORKER_SCREENS = [("home", "#/", "Hello"), ("evidence", "#/evidence", "My evidence"),
                  ("capture", "#/capture?kind=reflective_account", "Reflective account"),
                  ("standards", "#/standards", "Standards"),
                  ("standard", "#/standards/SCDHSC0389", "SCDHSC0389")]
ASSESSOR_SCREENS = [("assess", "#/assess", "Assessment"), ("learners", "#/learners", "My learners")]


def dark_page(browser) -> Page:  # type: ignore[no-untyped-def]
    # CSP bypassed only so axe-core can be injected; the app never needs it
    context = browser.new_context(**PHONE, color_scheme="dark", bypass_csp=True)
    return context.new_page()


def visit(page: Page, server: LiveServer, screens: list[tuple[str, str, str]], who: str) -> list[str]:
    problems = []
    for name, path, heading in screens:
        page.goto(server.url + "/" + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        screenshot(page, f"{who}-dark-{name}")
        problems += [f"{name}: {v['id']} ({v['help']}) at {v['nodes']}" for v in axe_violations(page)]
    return problems


def test_worker_and_assessor_screens_pass_axe_in_the_dark_scheme(browser, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    worker = dark_page(browser)
    assert worker.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    sign_in(worker, demo_server)
    ready_offline(worker)
    problems = visit(worker, demo_server, WORKER_SCREENS, "worker")
    assessor = dark_page(browser)
    sign_in(assessor, demo_server, ASSESSOR)
    service_worker_in_control(assessor)
    wait_until_synced(assessor)
    problems += visit(assessor, demo_server, ASSESSOR_SCREENS, "assessor")
    for page in (worker, assessor):
        page.context.close()
    assert problems == []
