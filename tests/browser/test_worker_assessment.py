"""Submit for assessment, see the assessor's feedback arrive on the live channel, edit and
resubmit referred evidence; a change the server refuses is shown, never hidden."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    ready_offline,
    saved_then_synced,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

FEEDBACK = "Say how you checked the person's consent before you started."


def test_referred_evidence_shows_feedback_is_edited_and_resubmitted_and_a_refused_change_stays_visible(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Observation of my practice").click()
    page.get_by_label("Title").fill("Helping with a video call")
    page.get_by_label("What I did").fill("I set up the tablet and stayed nearby.")
    page.get_by_role("button", name="Save and submit for assessment").click()
    saved_then_synced(page)
    expect(page.locator(".badge")).to_have_text("With your assessor")
    evidence_id = page.url.rsplit("/", 1)[1]

    with Api(demo_server, WORKER) as worker_api, Api(demo_server, ASSESSOR) as assessor:
        scope = f"portfolio:{worker_api.user_id}"
        results = assessor.push(  # the decision first: it judges evidence waiting for assessment
            {"op": "create", "scope": scope, "entity": "decision", "id": f"d-{evidence_id[:8]}",
             "fields": {"evidence_id": evidence_id, "outcome": "referred", "feedback": FEEDBACK}},
            {"op": "transition", "scope": scope, "entity": "evidence", "id": evidence_id, "to": "referred"},
        )
        assert [r["result"] for r in results] == ["applied", "applied"]

        # No reload and no tap: the live channel says the portfolio changed, the app pulls.
        expect(page.locator(".badge")).to_have_text("Referred back", timeout=15_000)
        expect(page.get_by_role("region", name="Assessor feedback")).to_contain_text(FEEDBACK)
        screenshot(page, "worker-item-referred")

        page.get_by_role("link", name="Edit and resubmit").click()
        page.get_by_label("What I did").fill("I asked if they wanted the call, set up the tablet and stayed nearby.")
        page.get_by_role("button", name="Save and resubmit").click()
        saved_then_synced(page)
        expect(page.locator(".badge")).to_have_text("With your assessor")
        record = worker_api.records(scope)[evidence_id]
        assert record["fields"]["status"] == "submitted"
        assert record["fields"]["description"].startswith("I asked if they wanted the call")

        page.context.set_offline(True)
        page.get_by_role("button", name="Withdraw to edit").click()
        expect(page.locator(".badge")).to_have_text("Waiting to send")
        p1 = "SCDHSC0389/1/P1"  # an acceptance judges every linked criterion, one met (sync/decisions.py)
        accepted = assessor.push(
            {"op": "update", "scope": scope, "entity": "evidence", "id": evidence_id, "add": {"criteria": [p1]}},
            {"op": "create", "scope": scope, "entity": "decision", "id": f"a-{evidence_id[:8]}",
             "fields": {"evidence_id": evidence_id, "outcome": "accepted", "judgements": {p1: "met"}}},
            {"op": "transition", "scope": scope, "entity": "evidence", "id": evidence_id, "to": "accepted"})
        assert [r["result"] for r in accepted] == ["applied"] * 3, accepted
        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        wait_until_synced(page)
        expect(page.locator(".badge")).to_have_text("Not accepted by the server")
        refused = page.get_by_role("region", name="A change the server did not accept")
        expect(refused).to_contain_text("cannot go from accepted to draft")
        screenshot(page, "worker-item-rejected")
        refused.get_by_role("button", name="Dismiss").click()
        wait_until_synced(page)
        expect(page.locator(".badge")).to_have_text("Accepted")
