"""Reminders are asked for once, on home after the first sign-in, and every answer ends in a
sentence (issue #19): turned on, blocked with how to unblock, or not possible here and why.
Chromium here has no push service it can reach, so a granted permission ends in "could not
reach its push service", at once, never in "Asking this browser…" for ever."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_worker_support import ready_offline, sign_in
from tests.support.live_server import LiveServer


def test_granted_but_no_push_service_says_so_and_the_question_is_not_asked_again(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    context.grant_permissions(["notifications"], origin=demo_server.url)
    page = context.new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    card = page.get_by_role("region", name="Reminders")
    expect(card).to_contain_text("never show the names of the people you support")
    card.get_by_role("button", name="Turn on reminders").click()
    expect(card.get_by_role("status")).to_contain_text("could not reach its push service", timeout=30_000)
    page.reload()
    expect(page.get_by_role("heading", name="My standards")).to_be_visible()
    expect(page.get_by_role("region", name="Reminders")).to_have_count(0)


def test_a_denied_permission_says_how_to_allow_notifications(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    page.evaluate("() => Object.defineProperty(Notification, 'requestPermission', {value: async () => 'denied'})")
    card = page.get_by_role("region", name="Reminders")
    card.get_by_role("button", name="Turn on reminders").click()
    expect(card.get_by_role("status")).to_contain_text("blocked for Carefolio in this browser")
    expect(card.get_by_role("status")).to_contain_text("choose Allow")


def test_not_now_says_where_to_turn_them_on_later(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server)
    ready_offline(page)
    card = page.get_by_role("region", name="Reminders")
    card.get_by_role("button", name="Not now").click()
    expect(card.get_by_role("status")).to_contain_text("under Notifications")
    page.reload()
    expect(page.get_by_role("heading", name="My standards")).to_be_visible()
    expect(page.get_by_role("region", name="Reminders")).to_have_count(0)
