"""The assessment flow on two devices in real Chromium: a worker's phone and an assessor's
phone, parts of it offline. Capture, submit, judge offline, refer with feedback, resubmit,
accept with a criterion judged partly met, a progress review recorded and signed on both
devices, the assessor's own observation; coverage checked on both devices and on the server
at each step; axe-core and a screenshot of every assessor screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from server.demo import DEMO_STANDARDS
from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    axe_violations,
    eventually,
    ready_offline,
    saved_then_synced,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

ADMIN = "admin@demo.carefolio"
TABLET = {**PHONE, "viewport": {"width": 820, "height": 1180}}  # a manager at a desk
FEEDBACK = "Say how you checked the person agreed before you started."
STANDARD = "SCDHSC0389"


@pytest.fixture
def devices(browser) -> Iterator[dict[str, Page]]:  # type: ignore[no-untyped-def]
    """A worker's phone and an assessor's phone (CSP bypassed only so axe-core can run)."""
    contexts = [browser.new_context(**PHONE, bypass_csp=True), browser.new_context(**PHONE, bypass_csp=True)]
    pages = {"worker": contexts[0].new_page(), "assessor": contexts[1].new_page()}
    errors: list[str] = []
    for page in pages.values():
        page.on("pageerror", lambda e: errors.append(str(e)))
    yield pages
    for context in contexts:
        context.close()
    assert errors == []


def check(page: Page, name: str) -> list[str]:
    screenshot(page, f"assessor-{name}")
    return [f"{name}: {v['id']} ({v['help']}) at {v['nodes']}" for v in axe_violations(page)]


def online(page: Page) -> None:
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(page)


def assessor_ready(page: Page, server: LiveServer, email: str = ASSESSOR) -> None:
    sign_in(page, server, email)
    service_worker_in_control(page)
    wait_until_synced(page)


def server_states(api: Api, worker_id: int) -> dict[str, str]:
    answer = api.http.get(f"/api/portfolios/{worker_id}/coverage", params={"standard": STANDARD})
    answer.raise_for_status()
    return {c["key"]: c["state"] for c in answer.json()[0]["criteria"]}


def shown_counts(page: Page) -> dict[str, str]:
    stats = page.locator(f'dl[data-standard="{STANDARD}"]').first
    return {k: stats.locator(f'dd[data-count="{k}"]').inner_text().split(":")[0] for k in ("met", "waiting", "none")}


def test_refer_resubmit_accept_review_and_observe_across_two_devices(devices: dict[str, Page], demo_server: LiveServer) -> None:
    worker, assessor = devices["worker"], devices["assessor"]
    problems: list[str] = []
    sign_in(worker, demo_server)
    ready_offline(worker)
    worker.goto(demo_server.url + "/#/capture?kind=observation")
    worker.get_by_label("Title").fill("Supporting a family video call")
    worker.get_by_label("What I did").fill("I asked if they wanted the call, set up the tablet and stayed nearby.")
    worker.get_by_label("Standard", exact=True).select_option(STANDARD)
    worker.locator("#criteria-results input[type=checkbox]").nth(0).check()
    worker.locator("#criteria-results input[type=checkbox]").nth(1).check()
    worker.get_by_role("button", name="Save and submit for assessment").click()
    saved_then_synced(worker)
    evidence_id = worker.url.rsplit("/", 1)[1]

    with Api(demo_server, WORKER) as worker_api, Api(demo_server, ASSESSOR) as assessor_api:
        wid = worker_api.user_id
        scope = f"portfolio:{wid}"
        p1, p2 = sorted(worker_api.records(scope)[evidence_id]["fields"]["criteria"])
        assert {server_states(assessor_api, wid)[k] for k in (p1, p2)} == {"waiting"}

        # The assessor's tablet pulls the worker's portfolio; the queue is worked out on it.
        assessor_ready(assessor, demo_server)
        assessor.get_by_role("link", name="Assess", exact=True).click()  # the caseload: their home
        expect(assessor.locator("#caseload")).to_contain_text("Wren Worker")
        problems += check(assessor, "caseload")
        assessor.get_by_role("link", name="Waiting for assessment").click()
        queue = assessor.locator("#queue")
        expect(queue).to_contain_text("Supporting a family video call")
        expect(queue).to_contain_text("Wren Worker")
        problems += check(assessor, "queue")
        assessor.get_by_label("Standard").select_option("SCDHSC3110")
        expect(queue.locator("li")).to_have_count(0)
        assessor.get_by_label("Standard").select_option(STANDARD)
        expect(queue.locator("li")).to_have_count(1)

        # Judged with no signal: refer back, feedback required.
        assessor.context.set_offline(True)
        queue.get_by_role("link", name="Supporting a family video call").click()
        expect(assessor.get_by_role("heading", name="Your judgement")).to_be_visible()
        problems += check(assessor, "judge")
        assessor.get_by_role("button", name="Refer back with feedback").click()
        expect(assessor.get_by_role("alert").filter(has_text="Write feedback")).to_be_visible()
        assessor.get_by_label("Feedback for the worker").fill(FEEDBACK)
        assessor.get_by_role("button", name="Refer back with feedback").click()
        expect(assessor.get_by_role("region", name="Decisions")).to_contain_text("waiting to sync")
        expect(assessor.locator("#sync-status")).to_contain_text("Offline · 2 changes wait")
        online(assessor)
        expect(assessor.locator(".badge").first).to_have_text("Referred back")
        assert {server_states(assessor_api, wid)[k] for k in (p1, p2)} == {"none"}

        # The worker sees the feedback (live channel), edits and resubmits.
        worker.goto(demo_server.url + f"/#/evidence/{evidence_id}")
        expect(worker.get_by_role("region", name="Assessor feedback")).to_contain_text(FEEDBACK, timeout=15_000)
        worker.get_by_role("link", name="Edit and resubmit").click()
        worker.get_by_label("What I did").fill("I asked if they wanted the call and checked they agreed, then set up the tablet.")
        worker.get_by_role("button", name="Save and resubmit").click()
        saved_then_synced(worker)
        worker.get_by_role("link", name="Home", exact=True).click()
        assert shown_counts(worker) == {"met": "0 of 71", "waiting": "2", "none": "69"}

        # Accepted offline, one criterion met and one partly met.
        assessor.goto(demo_server.url + "/#/assess")
        expect(assessor.locator("#queue")).to_contain_text("Supporting a family video call", timeout=15_000)
        assessor.context.set_offline(True)
        assessor.locator("#queue").get_by_role("link", name="Supporting a family video call").click()
        expect(assessor.get_by_role("heading", name="Your judgement")).to_be_visible()
        assessor.locator("fieldset.judgement").nth(0).get_by_label("Met", exact=True).check()
        assessor.locator("fieldset.judgement").nth(1).get_by_label("Partly met").check()
        assessor.get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("heading", name="Locked: accepted")).to_be_visible()
        online(assessor)
        decisions = assessor.get_by_role("region", name="Decisions")
        expect(decisions.locator("li.decision")).to_have_count(2)
        expect(decisions.locator("li.decision").first).to_contain_text("Accepted")
        expect(decisions.locator("li.decision").first).to_contain_text("(current)")
        expect(decisions.locator("li.decision").nth(1)).to_contain_text("(superseded)")
        assessor.get_by_role("button", name="Unlock").click()
        expect(assessor.get_by_role("alert").filter(has_text="reason")).to_be_visible()
        problems += check(assessor, "judge-locked")
        states = server_states(assessor_api, wid)
        assert (states[p1], states[p2]) == ("met", "none")

        # Coverage agrees on the tablet, on the phone and on the server.
        assessor.goto(demo_server.url + f"/#/workers/{wid}")
        assert shown_counts(assessor) == {"met": "1 of 71", "waiting": "0", "none": "70"}
        assessor.locator("details summary").first.click()
        expect(assessor.locator(f'li[data-key="{p1}"]')).to_contain_text("Met")
        expect(assessor.locator(f'li[data-key="{p2}"]')).to_contain_text("Not met yet")
        expect(assessor.locator(f'li[data-key="{p2}"]').get_by_role("link")).to_have_text("Supporting a family video call")
        expect(assessor.get_by_role("link", name="Export portfolio (ZIP)")).to_be_visible()
        problems += check(assessor, "worker-portfolio")
        worker.reload()
        expect(worker.get_by_role("heading", name="My standards")).to_be_visible()
        expect(worker.locator(f'dl[data-standard="{STANDARD}"] dd[data-count="met"]')).to_have_text("1 of 71", timeout=15_000)
        assert shown_counts(worker) == {"met": "1 of 71", "waiting": "0", "none": "70"}

        # A progress review recorded offline on the tablet, signed on both devices.
        assessor.get_by_role("link", name=f"Reviews: {STANDARD}").click()
        expect(assessor.get_by_role("heading", name="Record a review")).to_be_visible()
        expect(assessor.locator("#next-due")).to_contain_text("Next review due")
        assessor.context.set_offline(True)
        expect(assessor.get_by_role("group", name="This review covers").get_by_label(STANDARD)).to_be_checked()
        assessor.get_by_label("Who took part").fill("Wren Worker, Sam Assessor")
        assessor.get_by_label("Progress notes").fill("Good progress on rights and choices.")
        assessor.get_by_label("Actions agreed").fill("Observe moving and positioning next month.")
        problems += check(assessor, "review-record")
        assessor.get_by_role("button", name="Save the review").click()
        review = assessor.locator("#review-list li").first
        expect(review).to_contain_text("Held: waiting for both signatures")
        review.get_by_role("button", name="Sign as assessor").click()
        expect(assessor.locator("#review-list li").first).to_contain_text("Waiting for the worker to sign")
        online(assessor)

        worker.get_by_role("link", name=f"Reviews: {STANDARD}").click()
        worker_review = worker.locator("#review-list li").first
        expect(worker_review).to_contain_text("Waiting for the worker to sign", timeout=15_000)
        expect(worker_review).to_contain_text("Taking part: Wren Worker, Sam Assessor")
        expect(worker_review).to_contain_text(f"Covers: {', '.join(sorted(DEMO_STANDARDS))}")
        problems += check(worker, "review-worker")
        worker.context.set_offline(True)
        worker_review.get_by_role("button", name="Sign: I agree this is a record of my review").click()
        expect(worker.locator("#review-list li").first).to_contain_text("Both signed")
        online(worker)

        # A review both people signed closes itself (#19): nobody has to close it by hand.
        expect(worker.locator("#review-list li").first).to_contain_text("Signed off by both", timeout=15_000)
        assessor.reload()
        expect(assessor.locator("#review-list li").first).to_contain_text("Signed off by both", timeout=15_000)
        expect(assessor.get_by_role("button", name="Close the review as signed")).to_have_count(0)

        def server_review() -> dict[str, Any]:
            [record] = [r for r in assessor_api.records(scope).values() if r["entity"] == "review"]
            return record["fields"]

        # "Synced" may still be showing from before the click: wait for the server itself
        fields = eventually(server_review, lambda f: f["status"] == "signed")
        assert fields["status"] == "signed" and fields["worker_signed_at"] and fields["assessor_signed_at"]
        assert fields["held_on"] and fields["next_review_due"] > fields["held_on"]
        assert fields["standards"] == sorted(DEMO_STANDARDS)  # the demo worker's, all with Sam

        # The assessor's own observation, offline, lands in the worker's portfolio.
        assessor.goto(demo_server.url + f"/#/workers/{wid}")
        assessor.context.set_offline(True)
        assessor.get_by_role("link", name="Record an observation").click()
        assessor.get_by_label("Title").fill("Observed: helping with lunch")
        assessor.get_by_label("What I observed").fill("Offered a choice of meals and waited for an answer.")
        assessor.get_by_label("Standard", exact=True).select_option(STANDARD)
        assessor.locator("#criteria-results input[type=checkbox]").nth(2).check()
        problems += check(assessor, "observe")
        assessor.get_by_role("button", name="Save and submit for assessment").click()
        expect(assessor.get_by_role("heading", name="Observed: helping with lunch")).to_be_visible()
        online(assessor)
        worker.goto(demo_server.url + "/#/evidence")
        expect(worker.locator(".items")).to_contain_text("Observed: helping with lunch", timeout=15_000)
        assessor.goto(demo_server.url + "/#/assess")
        expect(assessor.locator("#queue")).to_contain_text("Observed: helping with lunch")
        expect(assessor.locator("#reviews-due, #due-h")).not_to_have_count(0)
    assert problems == []


def test_quality_assurer_samples_decisions_and_reads_the_audit_trail(browser, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    with Api(demo_server, WORKER) as worker_api, Api(demo_server, ASSESSOR) as assessor_api:
        scope = f"portfolio:{worker_api.user_id}"
        worker_api.push({"op": "create", "scope": scope, "entity": "evidence", "id": "qa-e1",
                         "fields": {"kind": "observation", "title": "Night round", "criteria": ["SCDHSC0389/1/P1"]}},
                        {"op": "transition", "scope": scope, "entity": "evidence", "id": "qa-e1", "to": "submitted"})
        results = assessor_api.push(
            {"op": "create", "scope": scope, "entity": "decision", "id": "qa-d1",
             "fields": {"evidence_id": "qa-e1", "outcome": "accepted", "judgements": {"SCDHSC0389/1/P1": "met"}}},
            {"op": "transition", "scope": scope, "entity": "evidence", "id": "qa-e1", "to": "accepted"})
        assert [r["result"] for r in results] == ["applied", "applied"]
    context = browser.new_context(**TABLET, bypass_csp=True)
    page = context.new_page()
    assessor_ready(page, demo_server, ADMIN)
    problems = check(page, "home-manager")
    page.goto(demo_server.url + "/#/assess")
    expect(page.get_by_role("heading", name="Progress reviews due in the organisation")).to_be_visible()
    problems += check(page, "assess-manager")
    page.get_by_role("link", name="Sample assessment decisions").click()
    page.get_by_label("Assessor").select_option(label="Sam Assessor")
    problems += check(page, "qa-samples")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("heading", name="Sample", exact=False).first).to_be_visible()
    first = page.locator("ol > li.card").first
    first.get_by_role("button", name="Disagree").click()
    expect(first.get_by_role("alert")).to_contain_text("Say why")
    first.get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("ol > li.card").first).to_contain_text("Agreed")
    problems += check(page, "qa-sample")
    page.goto(demo_server.url + "/#/audit")
    trail = page.locator("#audit")
    expect(trail).to_contain_text("Agreed with a sampled decision.")
    decision = trail.locator('li[data-action="assessment.decision"]').filter(has_text="Night round").first
    expect(decision).to_contain_text("Sam Assessor (assessor)")
    expect(decision).to_contain_text("Accepted “Night round” (1 met).")
    expect(decision.get_by_role("link", name="Night round")).to_have_attribute("href", re.compile(r"#/workers/\d+/evidence/qa-e1$"))
    expect(decision.get_by_text("assessment.decision")).to_be_hidden()  # raw codes only under "For support"
    problems += check(page, "audit")
    page.get_by_label("Kind").select_option("qa")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"#/audit\?kind=qa$"))
    expect(page.locator('#audit li[data-action="assessment.decision"]')).to_have_count(0)
    expect(page.locator("#audit li").first).to_contain_text("(quality assurer)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("when_utc,who,role,what,item,worker") and "Agreed with a sampled decision." in csv_text
    context.close()
    assert problems == []
