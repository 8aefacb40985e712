"""The assessor's caseload (their home) and the coverage grid in real Chromium, for a small
seeded caseload made through the public API: the right figures per learner, sorting, the
grid's cells by the assessment rule, a tap opening the item, and both screens read with the
network off from what was last synced. axe-core on both."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.caseload_seed import ADMIN, accept, add_learner, criteria_keys, evidence, submit
from tests.browser.test_assessor_flow import assessor_ready, check, devices
from tests.browser.test_worker_support import ASSESSOR, Api, service_worker_in_control
from tests.support.live_server import LiveServer

__all__ = ["devices"]
CODE = "SCDHSC0389"


def _seed(server: LiveServer) -> tuple[int, int, list[str]]:
    today = date.today()
    with Api(server, ADMIN) as admin, Api(server, ASSESSOR) as assessor:
        keys = criteria_keys(assessor, CODE)
        p1, p2, p3, p4 = keys[:4]
        # 12-weekly reviews: Ada's is 16 days overdue, Bo's due in 4 days
        ada = add_learner(server, admin, assessor.user_id, "Ada Able", "ada@seed.carefolio", [CODE],
                          (today - timedelta(days=100)).isoformat())
        bo = add_learner(server, admin, assessor.user_id, "Bo Busy", "bo@seed.carefolio", [CODE],
                         (today - timedelta(days=80)).isoformat())
        ada.push([evidence("e1", "Morning routine", "2026-01-10", [p1, p2], ada.scope), submit("e1", ada.scope),
                  evidence("e2", "Mealtime choices", "2026-02-01", [p1, p3], ada.scope), submit("e2", ada.scope),
                  evidence("e3", "A draft note", "2026-03-01", [p4], ada.scope)])
        bo.push([evidence("e4", "Night checks", "2026-02-05", [p1], bo.scope), submit("e4", bo.scope)])
        results = assessor.push(*accept("e1", ada.scope, {p1: "met", p2: "partly_met"}))
        assert [r["result"] for r in results] == ["applied", "applied"]
        ada.http.close()
        bo.http.close()
        return ada.user_id, bo.user_id, keys


def test_the_caseload_and_the_coverage_grid_for_a_seeded_caseload_offline_too(
        devices: dict[str, Page], demo_server: LiveServer) -> None:
    ada, bo, keys = _seed(demo_server)
    p1, p2, p3, p4 = keys[:4]
    page = devices["assessor"]
    assessor_ready(page, demo_server)
    page.get_by_role("link", name="Assess", exact=True).click()
    rows = page.locator("#caseload > li")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Ada Able")
    ada_row, bo_row = page.locator(f'li[data-worker="{ada}"]'), page.locator(f'li[data-worker="{bo}"]')
    expect(ada_row.locator('dd[data-count="waiting"]')).to_have_text("1")
    expect(ada_row.locator('dd[data-count="overdue"]')).to_have_text("1")
    expect(ada_row.locator('dd[data-count="due-soon"]')).to_have_text("0")
    expect(ada_row.locator('dd[data-count="contact"]')).to_have_text("2026-02-02")  # the decision
    expect(ada_row.locator(f'li[data-standard="{CODE}"]')).to_contain_text(f"{CODE}: 1 of {len(keys)} met, 1 waiting")
    expect(bo_row.locator('dd[data-count="due-soon"]')).to_have_text("1")
    expect(bo_row.locator('dd[data-count="contact"]')).to_have_text("none yet")
    expect(page.locator('#caseload dd[data-count="oldest"]').nth(0)).not_to_have_text("none")
    problems = check(page, "caseload")

    page.get_by_label("Sort by").select_option("contact")
    expect(rows.nth(0)).not_to_contain_text("Ada Able")  # never contacted first
    expect(rows.nth(2)).to_contain_text("Ada Able")
    page.get_by_label("Sort by").select_option("reviews")
    expect(rows.nth(0)).to_contain_text("Ada Able")  # overdue first

    # The coverage grid: criteria down the side, the items across as numbered chips.
    ada_row = page.locator(f'li[data-worker="{ada}"]')
    ada_row.get_by_role("link", name=f"Coverage grid of {CODE} for Ada Able").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coverage grid: Ada Able")
    cells = {key: page.locator(f'#coverage-grid li.grid-row[data-key="{key}"] a.chip') for key in (p1, p2, p3, p4)}
    expect(cells[p1]).to_have_count(2)
    assert [(c.get_attribute("data-item"), c.get_attribute("data-cell")) for c in cells[p1].all()] == [("e1", "met"), ("e2", "waiting")]
    assert [c.get_attribute("data-cell") for c in cells[p2].all()] == ["linked"]  # judged partly met
    expect(cells[p2]).to_contain_text("judged Partly met")
    assert [(c.get_attribute("data-item"), c.get_attribute("data-cell")) for c in cells[p3].all()] == [("e2", "waiting")]
    assert [(c.inner_text().split()[0], c.get_attribute("data-cell")) for c in cells[p4].all()] == [("3", "linked")]
    expect(page.locator('dd[data-count="met"]')).to_have_text(f"1 of {len(keys)}")  # the counts stay
    expect(page.locator('dd[data-count="waiting"]')).to_have_text("1")
    problems += check(page, "coverage-grid")
    cells[p3].first.click()
    expect(page).to_have_url(f"{demo_server.url}/#/workers/{ada}/evidence/e2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mealtime choices")

    # With no signal, both read the same from what was last synced.
    service_worker_in_control(page)
    page.context.set_offline(True)
    page.goto(f"{demo_server.url}/#/learners?sort=waiting")
    page.reload()
    expect(page.locator("#caseload > li")).to_have_count(3)
    expect(page.locator(f'li[data-worker="{ada}"] dd[data-count="waiting"]')).to_have_text("1")
    page.goto(f"{demo_server.url}/#/workers/{ada}/coverage/{CODE}")
    expect(page.locator(f'#coverage-grid li.grid-row[data-key="{p1}"] a.chip')).to_have_count(2)
    page.context.set_offline(False)
    assert problems == []
