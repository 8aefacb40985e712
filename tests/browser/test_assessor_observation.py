"""The assessor's own observation in real Chromium: recorded offline on the assessor's
phone, it reaches the worker's phone as "Observed by Sam Assessor" (not as the worker's own,
and not editable there), waits under "My observations" on the assessor's phone, and counts in
coverage once the assessor judges it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    axe_violations,
    eventually,
    ready_offline,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

TITLE = "Observed: offering a choice of drinks"


def test_an_assessor_observation_recorded_offline_reads_observed_by_on_the_workers_phone_and_counts_once_judged(
        browser, phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    assessor_context = browser.new_context(**PHONE, bypass_csp=True)  # bypassed for axe-core only
    worker_context = phone()
    assessor, worker = assessor_context.new_page(), worker_context.new_page()
    try:
        _observe_then_judge(assessor, worker, demo_server)
    finally:
        assessor_context.close()


def _observe_then_judge(assessor: Page, worker: Page, demo_server: LiveServer) -> None:
    assessor_context = assessor.context
    with Api(demo_server, WORKER) as worker_api, Api(demo_server, ASSESSOR) as assessor_api:
        wid = worker_api.user_id
        scope = f"portfolio:{wid}"
        sign_in(assessor, demo_server, ASSESSOR)
        service_worker_in_control(assessor)
        wait_until_synced(assessor)
        assessor_context.set_offline(True)
        assessor.goto(demo_server.url + f"/#/capture?kind=observation&worker={wid}")
        assessor.get_by_label("Title").fill(TITLE)
        assessor.get_by_label("What I observed").fill("Offered tea or juice and waited for the answer.")
        assessor.get_by_label("Standard", exact=True).select_option("SCDHSC0389")
        assessor.get_by_label("Only criteria with no evidence yet").check()
        assessor.locator("#criteria-results input[type=checkbox]").nth(0).check()
        assessor.get_by_role("button", name="Save and submit for assessment").click()
        expect(assessor.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(assessor.locator(".observed")).to_contain_text("Your observation")
        expect(assessor.get_by_role("heading", name="Your judgement")).to_be_visible()
        assessor_context.set_offline(False)
        wait_until_synced(assessor)

        rid = next(r["id"] for r in assessor_api.records(scope).values()
                   if r["entity"] == "evidence" and r["fields"]["title"] == TITLE)
        [key] = assessor_api.records(scope)[rid]["fields"]["criteria"]

        def coverage() -> str:
            answer = assessor_api.http.get(f"/api/portfolios/{wid}/coverage", params={"standard": "SCDHSC0389"})
            return str(next(c["state"] for c in answer.json()[0]["criteria"] if c["key"] == key))

        assert coverage() == "waiting"

        # The worker's phone: the assessor's observation, named as theirs, not editable.
        sign_in(worker, demo_server)
        ready_offline(worker)
        worker.goto(demo_server.url + "/#/evidence")
        row = worker.locator(".items li").filter(has_text=TITLE)
        expect(row).to_contain_text("Observed by Sam Assessor", timeout=15_000)
        expect(row).not_to_contain_text("Observation of my practice")
        row.get_by_role("link").click()
        expect(worker.locator(".observed")).to_contain_text("Observed by Sam Assessor")
        expect(worker.get_by_role("button", name="Withdraw to edit")).to_have_count(0)

        # Judged later from "My observations" on the assessor's phone, offline.
        assessor.goto(demo_server.url + "/#/assess")
        own = assessor.locator("#own-observations li").filter(has_text=TITLE)
        expect(own).to_contain_text("to judge")
        assert axe_violations(assessor) == []
        assessor_context.set_offline(True)
        own.get_by_role("link").click()
        assessor.locator("fieldset.judgement").first.get_by_label("Met", exact=True).check()
        assessor.get_by_role("region", name="Decision").get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("heading", name="Locked: accepted")).to_be_visible()
        assert coverage() == "waiting"  # nothing counts until the judgement reaches the server
        assessor_context.set_offline(False)
        wait_until_synced(assessor)
        assert eventually(coverage, lambda state: state == "met") == "met"
