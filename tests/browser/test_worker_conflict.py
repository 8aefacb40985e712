"""The same evidence edited offline on two phones, then both synced: the conflict is shown on
the item with both versions, and no text is lost."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import (
    WORKER,
    Api,
    ready_offline,
    saved_then_synced,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

FIRST = "I supported the resident to phone their daughter; the first phone wrote this."
SECOND = "I supported the resident to phone their daughter; the second phone wrote this."


def edit_description(page: Page, evidence_id: str, text: str) -> None:
    page.goto(page.url.split("#")[0] + f"#/capture/{evidence_id}")
    page.get_by_label("What I did").fill(text)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".badge")).to_have_text("Waiting to send")


def go_online(page: Page) -> None:
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(page)


def test_the_same_item_edited_offline_on_two_phones_shows_the_conflict_and_keeps_both_texts(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    first = phone().new_page()
    sign_in(first, demo_server)
    ready_offline(first)
    first.get_by_role("link", name="Capture", exact=True).click()
    first.get_by_role("link", name="Observation of my practice").click()
    first.get_by_label("Title").fill("Phone call with family")
    first.get_by_label("What I did").fill("Draft text.")
    first.get_by_role("button", name="Save evidence").click()
    saved_then_synced(first)
    expect(first.locator(".badge")).to_have_text("Sent (draft)")
    evidence_id = first.url.rsplit("/", 1)[1]

    second = phone().new_page()
    sign_in(second, demo_server)
    ready_offline(second)
    second.goto(demo_server.url + f"/#/evidence/{evidence_id}")
    expect(second.get_by_role("heading", name="Phone call with family")).to_be_visible()

    first.context.set_offline(True)
    second.context.set_offline(True)
    edit_description(first, evidence_id, FIRST)
    edit_description(second, evidence_id, SECOND)

    go_online(first)
    expect(first.locator(".badge")).to_have_text("Sent (draft)")
    go_online(second)
    expect(second.locator(".badge")).to_have_text("In conflict")
    conflict = second.get_by_role("region", name="Conflict: Description")
    expect(conflict).to_contain_text(FIRST)
    expect(conflict).to_contain_text(SECOND)
    screenshot(second, "worker-item-conflict")

    conflict.get_by_role("button", name="Merge both").click()
    merged = second.get_by_label("Merged text: edit it, then save")
    expect(merged).to_have_value(f"{FIRST}\n\n{SECOND}")
    second.get_by_role("button", name="Save the merged text").click()
    wait_until_synced(second)
    expect(second.locator(".badge")).to_have_text("Sent (draft)")

    with Api(demo_server, WORKER) as api:
        record = api.records(f"portfolio:{api.user_id}")[evidence_id]
    assert FIRST in record["fields"]["description"] and SECOND in record["fields"]["description"]
