"""A new version of the app while a worker is typing: the page offers "Reload to update" and
never reloads by itself; tapping it saves the capture first, then the new version takes over
and the text is still there."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import eventually, ready_offline, sign_in
from tests.support.live_server import LiveServer
from tests.support.rewriting_proxy import RewritingProxy

NOTE = "Helped Mr B choose his clothes for the day, offered two options each time."


def next_version(script: str) -> str:
    """The server's next release: the same service worker under a new VERSION."""
    changed = re.sub(r'const VERSION = "([^"]+)";', r'const VERSION = "\1-next";', script)
    assert changed != script
    return changed


@pytest.fixture
def server(demo_server: LiveServer) -> Iterator[RewritingProxy]:
    """The demo server, reached through a proxy that can hand out a new release."""
    with RewritingProxy(demo_server.url) as proxy:
        yield proxy


def test_a_new_version_waits_for_the_tap_and_keeps_the_capture(phone, server: RewritingProxy) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    page = context.new_page()
    sign_in(page, server)  # type: ignore[arg-type]
    ready_offline(page)
    page.goto(server.url + "/#/capture?kind=observation")
    page.get_by_label("Title").fill("Choosing clothes")
    page.get_by_label("What I did").fill(NOTE)
    page.evaluate("() => { window.stillTheSamePage = true; }")

    server.rewrite["/sw.js"] = next_version  # the server now has a new release
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(page.get_by_role("button", name="Reload to update")).to_be_visible(timeout=15_000)
    expect(page.locator("#update")).to_contain_text("A new version of Carefolio is ready.")
    screenshot(page, "worker-update-prompt")
    page.wait_for_timeout(1_000)  # nothing reloads on its own, and the typing stays put
    assert page.evaluate("() => window.stillTheSamePage === true")
    expect(page.get_by_label("What I did")).to_have_value(NOTE)

    page.get_by_role("button", name="Reload to update").click()
    page.wait_for_function("() => window.stillTheSamePage === undefined", timeout=15_000)
    expect(page.locator("#update")).to_be_hidden()
    shells = eventually(lambda: page.evaluate(
        "async () => navigator.serviceWorker.controller ? (await caches.keys()).filter((n) => n.startsWith('carefolio-shell-')) : []"),
        lambda names: bool(names) and all(n.endswith("-next") for n in names), timeout=15)
    assert len(shells) == 1 and shells[0].endswith("-next"), shells  # the old shell dropped
    page.goto(server.url + "/#/evidence")
    expect(page.get_by_role("link", name=re.compile("Choosing clothes"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Choosing clothes")).click()
    expect(page.get_by_label("What I did")).to_have_value(NOTE)  # the draft, whole
