"""A tap on Save always saves: an edit saved many times in a row, on a phone with its CPU
throttled 4x while a sync runs at every save, each time re-opened the moment the previous
save leaves the form (as a quick second edit would), never loses a tap or a word.

This is the stress test of issue #11. Before its fix, two renders of the edit form raced
(the hash change of the previous save and the next edit's), and a tap or a fill could land on
the form that was being replaced: the form stayed, nothing was queued, no error showed."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_worker_support import (
    WORKER,
    Api,
    capture_observation,
    ready_offline,
    saved_then_synced,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer

EDITS = 20


def test_every_tap_on_save_saves_under_cpu_throttling_while_syncing(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    capture_observation(page, "Supporting a resident at breakfast", "First version.")
    saved_then_synced(page)
    evidence_id = page.url.rsplit("/", 1)[1]
    base = page.url.split("#")[0]
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})

    for i in range(EDITS):
        page.goto(base + f"#/capture/{evidence_id}")  # straight after the last save, as a link tap
        page.get_by_label("What I did").fill(f"Version {i}: I laid the table and asked what they would like.")
        page.evaluate("window.dispatchEvent(new Event('online'))")  # a sync starts as Save is tapped
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text(f"Version {i}:"), f"the tap on Save number {i} was lost").to_be_visible(timeout=30_000)
        expect(page).to_have_url(base + f"#/evidence/{evidence_id}")

    wait_until_synced(page)
    with Api(demo_server, WORKER) as api:
        record = api.records(f"portfolio:{api.user_id}")[evidence_id]
    assert record["fields"]["description"].startswith(f"Version {EDITS - 1}:")


def test_two_quick_navigations_open_the_form_once_so_nothing_typed_is_lost(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    """Two navigations before the first screen has rendered (a tap on a link while the app is
    still leaving a screen) open the edit form once. Before the fix each hash change rendered
    the form, the second form replaced the first one being typed in, and the words typed and
    the tap on Save went to the form that was gone."""
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    capture_observation(page, "Helping with a shave", "First version.")
    saved_then_synced(page)
    evidence_id = page.url.rsplit("/", 1)[1]
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})

    for i in range(3):
        page.evaluate(f"() => {{ location.hash = '#/sync'; location.hash = '#/capture/{evidence_id}'; }}")
        page.get_by_label("What I did").fill(f"Round {i}: I offered a mirror and let them lead.")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text(f"Round {i}:"), f"the words typed in round {i} were lost").to_be_visible(timeout=30_000)
    wait_until_synced(page)
    with Api(demo_server, WORKER) as api:
        record = api.records(f"portfolio:{api.user_id}")[evidence_id]
    assert record["fields"]["description"].startswith("Round 2:")
