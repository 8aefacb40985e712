"""A worker who reads in Welsh sees the Welsh record's criterion text, offline too, English
where a standard has no Welsh record (and is told so); evidence linked to a qualification
unit's criterion 1.2 is judged by an assessor and counts for the unit and for the NOS
criteria the unit maps 1.2 to, on the server and on the phone, in real Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_admin_standards import ADMIN
from tests.browser.test_assessor_judging import decisions_of, open_item
from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    ready_offline,
    saved_then_synced,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.standards.helpers import FIXTURES
from tests.support.live_server import LiveServer

WELSH = (FIXTURES / "welsh" / "SCDHSC0389.cy.txt").read_bytes()
UNIT = (FIXTURES / "units" / "CFU201.txt").read_bytes()
WELSH_P1 = "gweithio gyda'r unigolyn i nodi perthnasoedd teuluol a chymdeithasol sy'n bwysig iddo"
KEY = "T9000201/1/1.2"
P2, K45 = "SCDHSC0389/1/P2", "SCDHSC0389/1/K45"


def test_welsh_criteria_offline_and_a_unit_criterion_linked_and_judged(
    phone,
    browser,
    demo_server: LiveServer,  # type: ignore[no-untyped-def]
) -> None:
    with (
        Api(demo_server, ADMIN) as admin,
        Api(demo_server, WORKER) as worker,
        Api(demo_server, ASSESSOR) as tablet,
    ):
        for name, body in (("cy.txt", WELSH), ("unit.txt", UNIT)):
            answer = admin.http.post(f"/api/library/imports?filename={name}", content=body)
            assert answer.status_code == 201, answer.text
        answer = admin.http.post(
            "/api/admin/enrolments",
            json={
                "worker_id": worker.user_id,
                "assessor_id": tablet.user_id,
                "standard_code": "T9000201",
                "start_date": "2026-11-01",
            },
        )
        assert answer.status_code == 201, answer.text

    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.goto(demo_server.url + "/#/standards")
    page.get_by_label("Read criteria in / Darllen meini prawf yn").select_option("cy")
    expect(page.locator("#language-note")).to_contain_text("No Welsh record of")
    expect(page.locator("#language-note")).to_contain_text("shown in English")
    expect(page.get_by_role("link", name="SCDHSC0389: Gweithio gyda gofalwyr")).to_be_visible()

    page.context.set_offline(True)
    page.goto(demo_server.url + "/#/standards/SCDHSC0389")
    page.reload()
    first = page.locator("li.criterion").first
    expect(first).to_contain_text(f"P1 {WELSH_P1}")
    expect(first).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", name="Hawliau")).to_be_visible()
    screenshot(page, "worker-standard-welsh")
    page.goto(demo_server.url + "/#/standards/SCDHSC3110")  # no Welsh record: English
    expect(page.locator("#language-note")).to_contain_text("No Welsh record of SCDHSC3110")
    expect(page.locator("li.criterion").first).to_have_attribute("lang", "en")

    # still offline: evidence linked to unit criterion 1.2, through the picker
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Observation of my practice").click()
    page.get_by_label("Title").fill("Planning a visit with a family")
    page.get_by_label("What I did").fill(
        "We talked about how the visits could change as needs change."
    )
    expect(page.locator("#picker-language")).to_contain_text("Criteria in Cymraeg")
    page.locator("#criteria-standard").select_option("T9000201")
    pick = page.locator("#pick-T9000201-1-1-2")
    expect(page.locator("label[for=pick-T9000201-1-1-2]")).to_contain_text(
        "T9000201 1.2 Explain how an individual's needs and circumstances can change"
    )
    pick.check()
    page.locator("#criteria-q").fill("circumstances")
    expect(page.locator("label[for=pick-T9000201-1-1-2]")).to_be_visible()
    page.get_by_role("button", name="Save and submit for assessment").click()
    page.context.set_offline(False)
    saved_then_synced(page)
    evidence_id = page.url.rsplit("/", 1)[1]

    context = browser.new_context(**{"viewport": {"width": 412, "height": 915}})
    assessor = context.new_page()
    sign_in(assessor, demo_server, ASSESSOR)
    service_worker_in_control(assessor)
    with Api(demo_server, WORKER) as worker, Api(demo_server, ASSESSOR) as tablet:
        nos_before = coverage_states(tablet, worker.user_id, "SCDHSC0389")
        assert nos_before[P2] != "met" and nos_before[K45] != "met"
        open_item(assessor, demo_server, worker.user_id, evidence_id)
        rows = assessor.locator("fieldset.judgement")
        expect(rows).to_have_count(1)
        expect(rows.nth(0)).to_contain_text("1.2")
        rows.nth(0).get_by_label("Met", exact=True).check()
        assessor.get_by_role("region", name="Decision").get_by_role("button", name="Accept").click()
        expect(assessor.get_by_role("heading", name="Locked: accepted")).to_be_visible()
        wait_until_synced(assessor)
        scope = f"portfolio:{worker.user_id}"
        [decision] = decisions_of(tablet, scope, evidence_id)
        assert (decision["outcome"], decision["judgements"]) == ("accepted", {KEY: "met"})
        answer = tablet.http.get(
            f"/api/portfolios/{worker.user_id}/coverage", params={"standard": "T9000201"}
        )
        answer.raise_for_status()
        states = {c["key"]: c["state"] for c in answer.json()[0]["criteria"]}
        assert states[KEY] == "met"
        assert states["T9000201/1/1.1"] == "none"
    # the worker's phone counts it too
    page.goto(demo_server.url + "/#/standards/T9000201")
    wait_until_synced(page)
    page.reload()
    row = page.locator("li.criterion", has_text="1.2 Explain how")
    expect(row).to_contain_text("Met")
    page.goto(demo_server.url + "/#/standards/SCDHSC0389")  # in Welsh, P2 met through the unit
    expect(page.locator("li.criterion", has_text="P2 cefnogi'r unigolyn")).to_contain_text("Met")
    context.close()


def coverage_states(api: Api, worker_id: int, code: str) -> dict[str, str]:
    answer = api.http.get(f"/api/portfolios/{worker_id}/coverage", params={"standard": code})
    answer.raise_for_status()
    return {c["key"]: c["state"] for c in answer.json()[0]["criteria"]}
