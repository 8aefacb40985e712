"""Push in real Chromium: the settings screen, and a reminder delivered through the DevTools
protocol (ServiceWorker.deliverPushMessage) shown by the service worker, whose tap opens
the right screen, with the app open and with it closed."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_shell import sign_in
from tests.support.live_server import LiveServer

REVIEW = {"title": "Progress review", "body": "A progress review is 3 days overdue",
          "tag": "review-1", "url": "#/reviews/1", "kind": "review_overdue", "count": 1, "v": 1}
FEEDBACK = {"title": "Feedback ready", "body": "Your assessor has referred a piece of evidence back with feedback",
            "tag": "feedback", "url": "#/evidence/ev-7", "kind": "feedback_referred", "count": 1, "v": 1}
TAP_CLOSED = """async (tag) => {
  const opened = [];
  self.clients.openWindow = (url) => { opened.push(url); return Promise.resolve(null); };
  try {
    const [n] = await self.registration.getNotifications({tag});
    self.dispatchEvent(new NotificationEvent("notificationclick", {notification: n}));
    for (let i = 0; i < 50 && !opened.length; i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    delete self.clients.openWindow;
  }
  return opened;
}"""
SHOWN = """async () => (await self.registration.getNotifications()).map(
    (n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}))"""
TAP = """async (tag) => {
  const [n] = await self.registration.getNotifications({tag});
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification: n}));
}"""


def until(page, check, timeout: float = 20.0) -> Any:  # type: ignore[no-untyped-def]
    """Poll `check`, letting Playwright deliver its events between tries."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(100)


class PushChannel:
    """DevTools' push delivery into the service worker registration of an origin."""

    def __init__(self, context, page, origin: str) -> None:  # type: ignore[no-untyped-def]
        self.origin, self.page = origin, page
        self.registrations: list[dict[str, Any]] = []
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("ServiceWorker.workerRegistrationUpdated",
                    lambda event: self.registrations.extend(event["registrations"]))
        self.cdp.send("ServiceWorker.enable")

    def deliver(self, payload: dict[str, Any]) -> None:
        found = until(self.page, lambda: [r for r in self.registrations
                                          if r["scopeURL"].startswith(self.origin) and not r["isDeleted"]])
        assert len(found) == 1, self.registrations  # one per browser context
        self.cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": self.origin, "registrationId": found[0]["registrationId"],
            "data": json.dumps(payload)})

    def deliver_until(self, payload: dict[str, Any], seen: Callable[[], Any],
                      attempts: int = 3, wait: float = 10.0) -> Any:
        """Deliver `payload` until `seen()` answers something, as a push service redelivers a
        message the browser never acknowledged. With other browser suites running at once, the
        first DevTools delivery of a test is often never seen by the service worker (4 runs of
        this file in 6; always the first; cause unknown; also seen in CI), so a lost delivery
        must not fail a test.
        Every test's payloads are chosen so that a second copy cannot pass for the first."""
        value = None
        for attempt in range(1, attempts + 1):
            self.deliver(payload)
            value = until(self.page, seen, wait)
            if value:
                return value
            # shown with the test's output if it fails (warnings are errors in this suite)
            tag = payload.get("tag") or payload.get("notification", {}).get("tag")
            print(f"push delivery {attempt} of {tag!r} not seen in {wait:.0f} s")
        return value


def worker_page(phone, server: LiveServer):  # type: ignore[no-untyped-def]
    context = phone()
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    sign_in(page, server, "worker@demo.carefolio")
    expect(page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    # controlling the page is not enough: clients.claim() runs while the worker is still
    # activating, and a push delivered then can be lost by DevTools
    assert until(page, lambda: page.evaluate(
        "() => navigator.serviceWorker.controller !== null && navigator.serviceWorker.controller.state === 'activated'"), 40)
    return context, page


def current_worker(context, server: LiveServer):  # type: ignore[no-untyped-def]
    """The app's service worker (the newest one Playwright has seen for the origin)."""
    workers = [w for w in context.service_workers if w.url.startswith(server.url)]
    assert workers, context.service_workers
    return workers[-1]


def test_turning_notifications_on_where_the_push_service_is_unreachable_says_so_plainly(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    _, page = worker_page(phone, demo_server)
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_text("Notifications are off for this device.")).to_be_visible()
    page.get_by_role("button", name="Turn on notifications").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("could not reach its push service", timeout=15_000)
    screenshot(page, "push-settings-unreachable")


def test_a_device_chooses_its_reminders_and_quiet_hours(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    _, page = worker_page(phone, demo_server)
    # As if the browser had subscribed: store a subscription for this device through the API.
    answer = page.evaluate("""() => fetch("/api/push/subscription", {method: "PUT",
        headers: {"X-Carefolio": "1", "Content-Type": "application/json"},
        body: JSON.stringify({endpoint: "https://push.example.com/send/abc",
                              keys: {p256dh: "B" + "A".repeat(86), auth: "A".repeat(22)}})}).then(r => r.status)""")
    assert answer == 200
    page.goto(demo_server.url + "/#/notifications")
    expect(page.get_by_text("Notifications are on for this device.")).to_be_visible()
    page.get_by_label("Progress reviews due or overdue").uncheck()
    page.get_by_label("Quiet hours (no notifications)").check()
    page.get_by_label("From").fill("08:00")
    page.get_by_label("to", exact=True).fill("16:00")
    page.get_by_role("button", name="Save choices").click()
    expect(page.locator("main").get_by_role("status")).to_have_text("Saved.")
    saved = page.evaluate("() => fetch('/api/push/subscription').then(r => r.json())")
    assert saved["preferences"]["reviews"] is False
    assert (saved["preferences"]["quiet_start"], saved["preferences"]["quiet_end"]) == ("08:00", "16:00")
    screenshot(page, "push-settings")


def test_a_pushed_reminder_is_shown_and_a_tap_opens_its_screen(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context, page = worker_page(phone, demo_server)
    channel = PushChannel(context, page, demo_server.url)
    # a second copy of the same tag replaces the first, so it cannot be shown twice
    shown = channel.deliver_until(REVIEW, lambda: current_worker(context, demo_server).evaluate(SHOWN))
    assert shown == [{"title": REVIEW["title"], "body": REVIEW["body"], "tag": "review-1", "url": "#/reviews/1"}]
    worker = current_worker(context, demo_server)
    worker.evaluate(TAP, "review-1")
    expect(page).to_have_url(re.compile(r"/#/reviews/1$"))
    assert worker.evaluate(SHOWN) == []


def test_feedback_on_two_items_is_grouped_into_one_notification(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context, page = worker_page(phone, demo_server)
    channel = PushChannel(context, page, demo_server.url)

    def shown() -> list[dict[str, Any]]:
        return current_worker(context, demo_server).evaluate(SHOWN)  # type: ignore[no-any-return]

    # feedback on one item, twice if need be (the same item again is not a second piece)
    first = channel.deliver_until(FEEDBACK, shown)
    assert first == [{"title": "Feedback ready", "body": FEEDBACK["body"], "tag": "feedback", "url": "#/evidence/ev-7"}]
    grouped = channel.deliver_until({**FEEDBACK, "url": "#/evidence/ev-8"},
                                    lambda: [n for n in shown() if n["url"] == "#/evidence"])
    assert grouped == [{"title": "Feedback ready", "body": "Feedback is ready on 2 pieces of your evidence",
                        "tag": "feedback", "url": "#/evidence"}]
    assert shown() == grouped  # the one notification replaced the other


def test_a_tap_opens_the_right_screen_when_the_app_was_closed(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context, page = worker_page(phone, demo_server)
    keeper = context.new_page()  # holds the DevTools session once the app's page is gone
    channel = PushChannel(context, keeper, demo_server.url)
    page.close()
    # The worker may have been stopped and started again for the push: ask the latest one.
    assert channel.deliver_until(FEEDBACK, lambda: context.service_workers[-1].evaluate(SHOWN))
    # Chromium lets a service worker open a window only from a real tap, which no protocol
    # can make here: the handler's request to open one is recorded, then opened as the
    # browser would.
    [url] = context.service_workers[-1].evaluate(TAP_CLOSED, "feedback")
    assert url == demo_server.url + "/#/evidence/ev-7"
    app = context.new_page()
    app.goto(url)
    expect(app.get_by_role("heading", name="Hello, Wren Worker")).not_to_be_visible()
    expect(app).to_have_url(re.compile(r"/#/evidence/ev-7$"))
    screenshot(app, "push-opened-from-notification")
