"""A care worker on a night shift with no signal: capture offline, survive a closed tab, sync
intact when the signal returns. Real Chromium, real server, offline for real."""

from __future__ import annotations

import hashlib

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import (
    WORKER,
    Api,
    png,
    ready_offline,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

WHAT = "At 3am a resident was calling out. I sat with them and used a calm voice."
SO_WHAT = "Being calm and patient helped them settle; I learned to check for pain first."
NOW_WHAT = "Next time I will check the care plan for what comforts them."


def test_a_reflection_captured_offline_survives_a_closed_tab_and_syncs_intact(phone, demo_server: LiveServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    page = context.new_page()
    sign_in(page, demo_server)
    ready_offline(page)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    expect(page.locator("#sync-status")).to_contain_text("Offline")
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Reflective account").click()
    page.get_by_label("Title").fill("Night shift: calling out")
    page.get_by_label("Reflective model").select_option("driscoll")
    page.get_by_label("What?", exact=True).fill(WHAT)
    page.get_by_label("So what?").press_sequentially(SO_WHAT[:30])
    draft_url = page.url
    page.close()  # the tab is killed in the middle of typing

    page = context.new_page()
    page.goto(draft_url)
    expect(page.get_by_label("What?", exact=True)).to_have_value(WHAT)
    expect(page.get_by_label("So what?")).to_have_value(SO_WHAT[:30])
    page.get_by_label("So what?").fill(SO_WHAT)
    page.get_by_label("Now what?").fill(NOW_WHAT)
    page.get_by_label("Search criteria").fill("relationships")
    page.locator("#criteria-results input[type=checkbox]").nth(0).check()
    page.locator("#criteria-results input[type=checkbox]").nth(1).check()
    photo = tmp_path / "care-plan.png"
    photo.write_bytes(png())
    page.locator("#photo").set_input_files(str(photo))
    expect(page.get_by_role("img", name="Photo 1")).to_be_visible()
    screenshot(page, "worker-capture-reflection-offline")
    page.get_by_role("button", name="Save evidence").click()

    expect(page.locator(".badge")).to_have_text("Waiting to send")
    expect(page.locator("#sync-status")).to_contain_text("Offline · 2 changes wait")
    evidence_id = page.url.rsplit("/", 1)[1]
    screenshot(page, "worker-item-waiting-offline")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(page)
    expect(page.locator(".badge")).to_have_text("Sent (draft)")

    with Api(demo_server, WORKER) as api:
        record = api.records(f"portfolio:{api.user_id}")[evidence_id]
        fields = record["fields"]
        [sha] = fields["attachments"]
        stored = api.attachment(sha)
    assert fields["title"] == "Night shift: calling out"
    assert fields["reflection"] == {"model": "driscoll", "stages": {"what": WHAT, "so_what": SO_WHAT, "now_what": NOW_WHAT}}
    assert len(fields["criteria"]) == 2
    assert hashlib.sha256(stored).hexdigest() == sha
    assert stored[:3] == b"\xff\xd8\xff", "the photo was re-encoded as JPEG on the phone"
    assert len(stored) < len(photo.read_bytes()) and len(stored) < 1_000_000
