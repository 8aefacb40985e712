"""What a worker sees first, and a phone that keeps its data (issue #11): a referral on home
with its feedback, the Evidence tab's badge, a save that lands after the browser closed the
database under the app, the "This phone" screen, and another person's unsent work kept
sealed on a shared phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_worker_support import (
    ASSESSOR,
    WORKER,
    Api,
    capture_observation,
    ready_offline,
    saved_then_synced,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

# Keeps every IndexedDB connection the app opens, so the test can close them under it (as
# Safari does under memory pressure).
CATCH_CONNECTIONS = """
  window.__connections = [];
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    const request = open.apply(this, args);
    request.addEventListener("success", () => window.__connections.push(request.result));
    return request;
  };
"""


def capture(page, title: str, text: str, button: str = "Save evidence") -> str:  # type: ignore[no-untyped-def]
    capture_observation(page, title, text, button)
    saved_then_synced(page)
    return str(page.url.rsplit("/", 1)[1])


def test_a_referral_shows_first_on_home_with_its_feedback_and_the_evidence_tab_counts_it(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    evidence_id = capture(page, "Helping at lunch", "I cut up the food as the care plan says.", "Save and submit for assessment")
    with Api(demo_server, WORKER) as worker:
        scope = f"portfolio:{worker.user_id}"
    with Api(demo_server, ASSESSOR) as assessor:
        [result] = assessor.push({"op": "transition", "scope": scope, "entity": "evidence", "id": evidence_id,
                                  "to": "referred", "reason": "Say how you checked they wanted help.\nThen resubmit."})
    assert result["result"] == "applied", result

    page.get_by_role("link", name="Home", exact=True).click()
    wait_until_synced(page)
    needs_you = page.get_by_role("region", name="Needs you")
    expect(needs_you).to_contain_text("Referred back: Helping at lunch")
    expect(needs_you).to_contain_text("Say how you checked they wanted help.")
    expect(needs_you).not_to_contain_text("Then resubmit.")  # the first line only
    expect(page.locator('#nav a[data-tab="evidence"] .tab-badge')).to_contain_text("1")
    needs_you.get_by_role("link", name="Referred back: Helping at lunch").click()
    expect(page.locator(".badge")).to_have_text("Referred back")


def test_a_save_lands_after_the_browser_closed_the_database_under_the_app(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    context.add_init_script(CATCH_CONNECTIONS)
    page = context.new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Observation of my practice").click()
    page.get_by_label("Title").fill("Night check")
    assert page.evaluate("window.__connections.length") > 0
    page.evaluate("window.__connections.forEach((db) => db.close())")
    page.get_by_label("What I did").fill("I checked on them at 2am as planned; they were asleep.")
    page.get_by_role("button", name="Save evidence").click()
    saved_then_synced(page)
    evidence_id = page.url.rsplit("/", 1)[1]
    with Api(demo_server, WORKER) as api:
        record = api.records(f"portfolio:{api.user_id}")[evidence_id]
    assert record["fields"]["description"].startswith("I checked on them at 2am")


def test_this_phone_shows_the_storage_used_and_whether_it_is_kept(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.get_by_role("link", name="This phone: storage and install").click()
    expect(page.get_by_role("heading", name="This phone")).to_be_visible()
    expect(page.locator("#storage-used")).to_have_text(re.compile(r"^\d+(\.\d)? (KB|MB|GB) of \d+(\.\d)? (KB|MB|GB) available$"))
    expect(page.locator("#persisted")).to_have_text(re.compile(r"^(Kept|Not yet kept)"))
    expect(page.get_by_text("Waiting to send")).to_be_visible()


def test_another_persons_unsent_work_stays_sealed_for_them_on_a_shared_phone(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.context.set_offline(True)
    capture_observation(page, "Written on the shared phone", "Only this phone has it.")
    expect(page.locator(".badge")).to_have_text("Waiting to send")

    page.get_by_role("link", name="Home", exact=True).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status").filter(has_text="kept on this phone")).to_contain_text("Your unsent work (1 change)")

    page.context.set_offline(False)
    sign_in(page, demo_server, ASSESSOR)
    expect(page.get_by_text("This phone also keeps unsent work of another person (1 change)")).to_be_visible()
    expect(page.get_by_text("Written on the shared phone")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_server, WORKER)
    wait_until_synced(page)
    with Api(demo_server, WORKER) as api:
        titles = {r["fields"].get("title") for r in api.records(f"portfolio:{api.user_id}").values()}
    assert "Written on the shared phone" in titles
