"""One tab syncs at a time: two tabs of the app, the network back in both at the same
moment, and the server sees one pull at a time (Web Locks); the other tab still shows what
the first one synced (BroadcastChannel)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.test_worker_support import Api, eventually, sign_in, wait_until_synced
from tests.support.live_server import LiveServer
from tests.support.rewriting_proxy import RewritingProxy

WORKER = "worker@demo.carefolio"
SLOW_PULL_S = 1.5  # long enough that two tabs syncing together would overlap


@pytest.fixture
def server(demo_server: LiveServer) -> Iterator[RewritingProxy]:
    with RewritingProxy(demo_server.url) as proxy:
        yield proxy


def test_two_tabs_never_sync_at_once_and_both_show_the_result(phone, server: RewritingProxy, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    first = context.new_page()
    sign_in(first, server)  # type: ignore[arg-type]
    first.goto(server.url + "/#/evidence")
    second = context.new_page()
    second.goto(server.url + "/#/evidence")
    wait_until_synced(first)
    wait_until_synced(second)
    with Api(demo_server, WORKER) as api:  # a change made elsewhere, for the tabs to pull
        [result] = api.push({"op": "create", "scope": f"portfolio:{api.user_id}", "entity": "evidence",
                             "id": "from-elsewhere", "fields": {"kind": "observation", "title": "Made on the tablet"}})
        assert result["result"] == "applied"

    server.delay["/sync/pull"] = SLOW_PULL_S
    server.peak.clear()
    for page in (first, second):  # the signal comes back in both tabs at once
        page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(lambda: server.peak.get("/sync/pull", 0), lambda n: n >= 1, timeout=10)
    second.wait_for_timeout(SLOW_PULL_S * 1000 + 500)
    assert server.peak["/sync/pull"] == 1
    # both tabs show the new item before the tab that found the lock taken tries again (5 s):
    # the tab that synced told the other through their BroadcastChannel
    for page in (first, second):
        expect(page.get_by_text("Made on the tablet")).to_be_visible(timeout=2_000)
