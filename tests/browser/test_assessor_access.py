"""An assessor's device holds only the portfolios of the workers assigned to them: when the
administrator reassigns a worker's enrolments, the next sync purges that portfolio from the
tablet and the worker disappears from the queue and the assessor's home."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import ASSESSOR, WORKER, Api, sign_in, wait_until_synced
from tests.support.live_server import LiveServer

ADMIN = "admin@demo.carefolio"


def test_a_reassigned_worker_disappears_from_the_former_assessors_device(browser, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    with Api(demo_server, WORKER) as worker_api:
        scope = f"portfolio:{worker_api.user_id}"
        worker_api.push({"op": "create", "scope": scope, "entity": "evidence", "id": "moved-e1",
                         "fields": {"kind": "observation", "title": "Evening medication round", "criteria": ["SCDHSC0389/1/P1"]}},
                        {"op": "transition", "scope": scope, "entity": "evidence", "id": "moved-e1", "to": "submitted"})
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, demo_server, ASSESSOR)
    wait_until_synced(page)
    page.goto(demo_server.url + "/#/assess")
    expect(page.locator("#queue")).to_contain_text("Evening medication round")
    expect(page.locator("#team")).to_contain_text("Wren Worker")
    held = page.evaluate("""async () => {
        const me = JSON.parse(localStorage.getItem('carefolio.me'));
        const db = await new Promise((ok) => { const r = indexedDB.open('carefolio-u' + me.user_id); r.onsuccess = () => ok(r.result); });
        return new Promise((ok) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => ok(r.result.map((x) => x.scope)); });
    }""")
    assert scope in held

    with Api(demo_server, ADMIN) as admin:
        assert admin.http.post(f"/api/admin/members/{admin.user_id}/roles", json={"role": "assessor"}).status_code == 204
        enrolments = admin.http.get("/api/admin/enrolments", params={"worker_id": worker_api.user_id}).json()
        assert len(enrolments) == 2
        for e in enrolments:
            changed = admin.http.patch(f"/api/admin/enrolments/{e['id']}", json={"assessor_id": admin.user_id, "reason": "Caseload moved"})
            assert changed.status_code == 200, changed.text

    page.goto(demo_server.url + "/#/sync")
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)
    page.goto(demo_server.url + "/#/assess")
    expect(page.locator("#queue li")).to_have_count(0)
    expect(page.locator("#team li")).to_have_count(0)
    expect(page.get_by_text("No workers are assigned to you.")).to_be_visible()
    page.goto(demo_server.url + f"/#/workers/{worker_api.user_id}")
    expect(page.get_by_role("heading", name="Not on this device")).to_be_visible()
    screenshot(page, "assessor-after-reassignment")
    held = page.evaluate("""async () => {
        const me = JSON.parse(localStorage.getItem('carefolio.me'));
        const db = await new Promise((ok) => { const r = indexedDB.open('carefolio-u' + me.user_id); r.onsuccess = () => ok(r.result); });
        return new Promise((ok) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => ok(r.result.map((x) => x.scope)); });
    }""")
    assert scope not in held
    context.close()
