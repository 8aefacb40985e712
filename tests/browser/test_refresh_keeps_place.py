"""New synced data re-renders the screen a person is reading: the sections they opened stay
open (an assessor reading a worker's criteria is not thrown back to a closed list each time
the worker's phone syncs)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_worker_support import ASSESSOR, WORKER, Api, sign_in, wait_until_synced
from tests.support.live_server import LiveServer


def test_opened_criteria_stay_open_when_the_workers_new_evidence_arrives(browser, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, demo_server, ASSESSOR)
    wait_until_synced(page)
    with Api(demo_server, WORKER) as worker_api:
        page.goto(demo_server.url + f"/#/workers/{worker_api.user_id}")
        criteria = page.locator("details").filter(has=page.locator("summary", has_text="Criteria of SCDHSC0389"))
        criteria.locator("summary").click()
        expect(criteria).to_have_attribute("open", "")
        closed = page.locator("details").filter(has=page.locator("summary", has_text="Criteria of SCDHSC3110"))
        expect(closed).not_to_have_attribute("open", "")

        scope = f"portfolio:{worker_api.user_id}"
        results = worker_api.push({"op": "create", "scope": scope, "entity": "evidence", "id": "refresh-e1",
                                   "fields": {"kind": "observation", "title": "Arrived while reading",
                                              "criteria": ["SCDHSC0389/1/P1"]}})
        assert [r["result"] for r in results] == ["applied"]
        # the live channel brings it: the screen re-rendered with the new item...
        expect(page.locator("a.item-link", has_text="Arrived while reading")).to_be_visible(timeout=15_000)
    # ...and what was open is still open, what was closed still closed
    expect(criteria).to_have_attribute("open", "")
    expect(criteria.locator('li[data-key="SCDHSC0389/1/P1"]').get_by_role("link")).to_have_text("Arrived while reading")
    expect(closed).not_to_have_attribute("open", "")
    context.close()
