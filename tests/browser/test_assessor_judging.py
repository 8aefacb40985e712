"""Judging on an assessor's phone in real Chromium, partly offline: every criterion starts
not judged, an untouched item cannot be accepted, an acceptance records exactly the
judgements made, a referral records none for criteria left unjudged; the decision bar stays
on screen; a hand-made push that claims acceptance without judging is refused by the server
with its code, and coverage does not move. axe-core finds nothing on the screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    axe_violations,
    eventually,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

P1, P2, P3 = "SCDHSC0389/1/P1", "SCDHSC0389/1/P2", "SCDHSC0389/1/P3"


@pytest.fixture
def assessor(browser, demo_server: LiveServer) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, demo_server, ASSESSOR)
    service_worker_in_control(page)
    wait_until_synced(page)
    yield page
    context.close()
    assert errors == []


def submitted(worker: Api, rid: str, title: str, criteria: list[str]) -> str:
    scope = f"portfolio:{worker.user_id}"
    results = worker.push(
        {"op": "create", "scope": scope, "entity": "evidence", "id": rid,
         "fields": {"kind": "observation", "title": title, "description": "Asked first, then helped.",
                    "criteria": criteria}},
        {"op": "transition", "scope": scope, "entity": "evidence", "id": rid, "to": "submitted"})
    assert [r["result"] for r in results] == ["applied", "applied"]
    return scope


def open_item(page: Page, server: LiveServer, worker_id: int, rid: str) -> None:
    wait_until_synced(page)
    page.goto(server.url + f"/#/workers/{worker_id}/evidence/{rid}")
    expect(page.get_by_role("heading", name="Your judgement")).to_be_visible(timeout=15_000)


def decisions_of(api: Api, scope: str, rid: str) -> list[dict[str, Any]]:
    return [r["fields"] for r in api.records(scope).values()
            if r["entity"] == "decision" and r["fields"]["evidence_id"] == rid]


def states(api: Api, worker_id: int) -> dict[str, str]:
    answer = api.http.get(f"/api/portfolios/{worker_id}/coverage", params={"standard": "SCDHSC0389"})
    answer.raise_for_status()
    return {c["key"]: c["state"] for c in answer.json()[0]["criteria"]}


def test_an_untouched_item_cannot_be_accepted_and_an_acceptance_records_exactly_the_judgements_made(
        assessor: Page, demo_server: LiveServer) -> None:
    with Api(demo_server, WORKER) as worker, Api(demo_server, ASSESSOR) as tablet:
        scope = submitted(worker, "judge-e1", "Helping with a bath", [P1, P2])
        open_item(assessor, demo_server, worker.user_id, "judge-e1")
        rows = assessor.locator("fieldset.judgement")
        expect(rows).to_have_count(2)
        for i in range(2):
            expect(rows.nth(i).get_by_label("Not judged")).to_be_checked()
            expect(rows.nth(i).get_by_label("Met", exact=True)).not_to_be_checked()
        bar = assessor.get_by_role("region", name="Decision")
        expect(bar).to_contain_text("0 of 2 criteria judged")
        expect(bar).to_be_in_viewport()  # the decision bar is on screen at the top of the item
        screenshot(assessor, "assessor-judging")
        assert axe_violations(assessor) == []

        assessor.context.set_offline(True)
        bar.get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("alert")).to_contain_text("judge every criterion")
        expect(rows.nth(0).get_by_label("Not judged")).to_be_focused()  # the first unjudged one
        rows.nth(0).get_by_label("Met", exact=True).check()
        bar.get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("alert")).to_contain_text("judge every criterion")
        expect(rows.nth(1).get_by_label("Not judged")).to_be_focused()
        assessor.keyboard.press("ArrowRight")  # a keyboard user moves on to "Met", then "Partly met"
        assessor.keyboard.press("ArrowRight")
        expect(rows.nth(1).get_by_label("Partly met")).to_be_checked()
        expect(bar).to_contain_text("2 of 2 criteria judged")
        bar.get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("heading", name="Locked: accepted")).to_be_visible()
        assert decisions_of(tablet, scope, "judge-e1") == []  # still only on the phone
        assessor.context.set_offline(False)
        wait_until_synced(assessor)
        [decision] = decisions_of(tablet, scope, "judge-e1")
        assert (decision["outcome"], decision["judgements"]) == ("accepted", {P1: "met", P2: "partly_met"})


def test_a_referral_records_no_judgement_for_criteria_left_unjudged(
        assessor: Page, demo_server: LiveServer) -> None:
    with Api(demo_server, WORKER) as worker, Api(demo_server, ASSESSOR) as tablet:
        scope = submitted(worker, "judge-e2", "Night round checks", [P1, P2])
        open_item(assessor, demo_server, worker.user_id, "judge-e2")
        rows = assessor.locator("fieldset.judgement")
        rows.nth(1).get_by_label("Not yet met").check()
        bar = assessor.get_by_role("region", name="Decision")
        bar.get_by_role("button", name="Refer back with feedback").click()
        expect(assessor.get_by_role("alert")).to_contain_text("Write feedback")
        expect(assessor.get_by_label("Feedback for the worker")).to_be_focused()
        assessor.get_by_label("Feedback for the worker").fill("Say how you checked they were comfortable.")
        bar.get_by_role("button", name="Refer back with feedback").click()
        expect(assessor.get_by_role("region", name="Decisions")).to_contain_text("Referred back")
        wait_until_synced(assessor)
        [decision] = eventually(lambda: decisions_of(tablet, scope, "judge-e2"), lambda d: len(d) == 1)
        assert (decision["outcome"], decision["judgements"]) == ("referred", {P2: "not_met"})


def test_criteria_are_added_and_removed_behind_a_fold_and_a_removal_is_recorded(
        assessor: Page, demo_server: LiveServer) -> None:
    with Api(demo_server, WORKER) as worker, Api(demo_server, ASSESSOR) as tablet:
        scope = submitted(worker, "judge-e3", "Menu choices", [P1, P2])
        open_item(assessor, demo_server, worker.user_id, "judge-e3")
        fold = assessor.locator("details").filter(has=assessor.locator("summary", has_text="Add or remove criteria"))
        expect(fold.locator("#criteria-q")).to_be_hidden()  # the picker is folded away
        fold.locator("summary").click()
        fold.get_by_role("button", name="Remove SCDHSC0389 P2").click()
        rows = assessor.locator("fieldset.judgement")
        expect(rows).to_have_count(1)
        rows.nth(0).get_by_label("Met", exact=True).check()
        assessor.get_by_role("region", name="Decision").get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("heading", name="Locked: accepted")).to_be_visible()
        wait_until_synced(assessor)
        [decision] = eventually(lambda: decisions_of(tablet, scope, "judge-e3"), lambda d: len(d) == 1)
        assert decision["judgements"] == {P1: "met", P2: "removed"}
        assert tablet.records(scope)["judge-e3"]["fields"]["criteria"] == [P1]


def test_a_hand_made_acceptance_without_judgements_is_refused_and_coverage_does_not_move(
        assessor: Page, demo_server: LiveServer) -> None:
    with Api(demo_server, WORKER) as worker, Api(demo_server, ASSESSOR) as tablet:
        scope = submitted(worker, "judge-e4", "Hand washing", [P3])
        before = states(tablet, worker.user_id)
        results = tablet.push(
            {"op": "create", "scope": scope, "entity": "decision", "id": "judge-d4",
             "fields": {"evidence_id": "judge-e4", "outcome": "accepted", "judgements": {}}},
            {"op": "transition", "scope": scope, "entity": "evidence", "id": "judge-e4", "to": "accepted"})
        assert [(r["result"], r["code"]) for r in results] == [
            ("rejected", "judgements_incomplete"), ("rejected", "decision_required")]
        assert states(tablet, worker.user_id) == before
        # the phone still shows the item waiting, to be judged properly
        open_item(assessor, demo_server, worker.user_id, "judge-e4")
        expect(assessor.locator("fieldset.judgement").first.get_by_label("Not judged")).to_be_checked()
