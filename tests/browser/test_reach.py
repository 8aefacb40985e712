"""Reminders that reach people, in real Chromium: a Declarative Web Push message built by the
server's own code, checked against the format and shown by the service worker; shown and
tapped receipts recorded offline and sent when the phone is back online, then on the
administrator's People screen; where a tap lands (app open on another screen, app closed);
and the review a reminder opens, signed there offline."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

import msgspec
from playwright.sync_api import expect

from server.push.reminders import OrgRules, ReviewDue, declarative, review_reminders
from tests.browser.test_push import (
    SHOWN,
    TAP,
    TAP_CLOSED,
    PushChannel,
    current_worker,
    until,
    worker_page,
)
from tests.browser.test_shell import sign_in
from tests.browser.test_worker_support import WORKER, Api, wait_until_synced
from tests.push.declarative import check
from tests.support.live_server import LiveServer

QUEUED = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("carefolio-receipts", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("receipts", {keyPath: "id"});
    r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const all = await new Promise((ok) => { const r = db.transaction("receipts").objectStore("receipts").getAll();
    r.onsuccess = () => ok(r.result); });
  db.close();
  return all.map((r) => r.id).sort();
}"""


def database(server: LiveServer) -> sqlite3.Connection:
    return sqlite3.connect(server.data_dir / "carefolio.sqlite3", timeout=10)


def enrolment_of(server: LiveServer, email: str = WORKER) -> tuple[int, int]:
    with database(server) as db:
        return db.execute("SELECT e.id, u.id FROM enrolment e JOIN user_account u ON u.id = e.worker_id "
                          "WHERE u.email = ? ORDER BY e.id LIMIT 1", [email]).fetchone()  # type: ignore[no-any-return]


def reminder_message(server: LiveServer, enrolment: int, worker: int, delivery: int = 0, late: int = 3) -> dict[str, Any]:
    """The message the server's engine pushes for an overdue review (its own functions),
    checked against the Declarative Web Push format."""
    due = date(2026, 1, 10)
    review = ReviewDue(enrolment, 1, worker, None, "SCDHSC0389", due)
    now = datetime(2026, 1, 10 + late, 12, tzinfo=UTC)
    [reminder] = review_reminders(review, OrgRules(), now)
    message = declarative(reminder, server.url, delivery)
    encoded = msgspec.json.decode(msgspec.json.encode(message))
    check(encoded, server.url)
    return encoded  # type: ignore[no-any-return]


def as_if_sent(server: LiveServer, worker: int, key: str) -> int:
    """A delivery log row, as the engine writes one when a push service accepted the push
    (Chromium here cannot reach a real push service); its id goes in the payload."""
    moment = datetime.now(UTC).isoformat()
    with database(server) as db:
        sub = db.execute("SELECT id FROM push_subscription WHERE user_id = ? ORDER BY id DESC", [worker]).fetchone()
        cursor = db.execute(
            "INSERT INTO push_delivery (subscription_id, reminder_key, status, created_at, finished_at, user_id, channel) "
            "VALUES (?, ?, 'delivered', ?, ?, ?, 'push')", [sub[0] if sub else 0, key, moment, moment, worker])
        return int(cursor.lastrowid or 0)


def fake_subscription(page) -> None:  # type: ignore[no-untyped-def]
    """As if the browser had subscribed (the existing settings test does the same)."""
    answer = page.evaluate("""() => fetch("/api/push/subscription", {method: "PUT",
        headers: {"X-Carefolio": "1", "Content-Type": "application/json"},
        body: JSON.stringify({endpoint: "https://push.example.com/send/reach",
                              keys: {p256dh: "B" + "A".repeat(86), auth: "A".repeat(22)}})}).then(r => r.status)""")
    assert answer == 200


def test_a_declarative_message_built_by_the_server_is_shown_by_the_service_worker_and_opens_its_screen(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    context, page = worker_page(phone, demo_server)
    message = reminder_message(demo_server, enrolment, worker, late=4)
    assert message["web_push"] == 8030 and message["notification"]["navigate"].startswith(demo_server.url + "/")
    channel = PushChannel(context, page, demo_server.url)
    shown = channel.deliver_until({**message, "tag": "declarative"},
                                  lambda: current_worker(context, demo_server).evaluate(SHOWN))
    assert shown == [{"title": "Progress review", "body": "Your progress review is 4 days overdue",
                      "tag": f"review-{enrolment}", "url": f"#/reviews/{enrolment}"}]
    current_worker(context, demo_server).evaluate(TAP, f"review-{enrolment}")
    expect(page).to_have_url(re.compile(rf"/#/reviews/{enrolment}$"))
    expect(page.get_by_role("heading", name=re.compile("Progress reviews"))).to_be_visible()


def test_shown_and_tapped_receipts_are_sent_when_the_phone_is_back_online_and_reach_the_administrator(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    context, page = worker_page(phone, demo_server)
    fake_subscription(page)
    wait_until_synced(page)
    delivery = as_if_sent(demo_server, worker, f"reach-test:{datetime.now(UTC).timestamp()}")
    message = reminder_message(demo_server, enrolment, worker, delivery, late=5)

    context.set_offline(True)
    channel = PushChannel(context, page, demo_server.url)
    tag = f"review-{enrolment}"
    assert channel.deliver_until(message, lambda: [n for n in current_worker(context, demo_server).evaluate(SHOWN)
                                                   if n["body"].endswith("5 days overdue")])
    current_worker(context, demo_server).evaluate(TAP, tag)
    expect(page).to_have_url(re.compile(rf"/#/reviews/{enrolment}$"))
    queued = until(page, lambda: (ids := page.evaluate(QUEUED)) == [f"{delivery}:shown", f"{delivery}:tapped"] and ids)
    assert queued == [f"{delivery}:shown", f"{delivery}:tapped"]
    with database(demo_server) as db:
        assert db.execute("SELECT shown_at, tapped_at FROM push_delivery WHERE id = ?", [delivery]).fetchone() == (None, None)

    context.set_offline(False)
    wait_until_synced(page)
    assert until(page, lambda: page.evaluate(QUEUED) == []) is True
    with database(demo_server) as db:
        shown_at, tapped_at = db.execute("SELECT shown_at, tapped_at FROM push_delivery WHERE id = ?", [delivery]).fetchone()
    assert shown_at and tapped_at

    admin = phone().new_page()
    sign_in(admin, demo_server, "admin@demo.carefolio")
    expect(admin.get_by_role("heading", name="Hello, Ada Admin")).to_be_visible()
    admin.goto(demo_server.url + "/#/people")
    member = admin.locator("#members li").filter(has_text="Wren Worker")
    expect(member).to_contain_text("Reminders: notifications shown on their phone")
    expect(member).to_contain_text("last shown")
    others = admin.locator("#members li").filter(has_text="Sam Assessor")
    expect(others).to_contain_text("Cannot be reached")  # no notifications, no e-mail on the demo


def test_a_tap_brings_the_app_open_on_another_screen_to_the_reminders_screen_without_a_reload(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    context, page = worker_page(phone, demo_server)
    page.get_by_role("link", name="Standards", exact=True).click()
    expect(page).to_have_url(re.compile(r"/#/standards$"))
    page.evaluate("() => { window.sameDocument = true; }")
    channel = PushChannel(context, page, demo_server.url)
    message = reminder_message(demo_server, enrolment, worker, late=6)
    assert channel.deliver_until(message, lambda: [n for n in current_worker(context, demo_server).evaluate(SHOWN)
                                                   if n["body"].endswith("6 days overdue")])
    current_worker(context, demo_server).evaluate(TAP, f"review-{enrolment}")
    expect(page).to_have_url(re.compile(rf"/#/reviews/{enrolment}$"))
    assert page.evaluate("() => window.sameDocument === true")  # told, not reloaded


def test_a_tap_with_the_app_closed_opens_a_window_on_the_reminders_screen(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    context, page = worker_page(phone, demo_server)
    keeper = context.new_page()
    channel = PushChannel(context, keeper, demo_server.url)
    page.close()
    message = reminder_message(demo_server, enrolment, worker, late=7)
    assert channel.deliver_until(message, lambda: context.service_workers[-1].evaluate(SHOWN))
    [url] = context.service_workers[-1].evaluate(TAP_CLOSED, f"review-{enrolment}")
    assert url == f"{demo_server.url}/#/reviews/{enrolment}"


def test_the_review_a_reminder_opens_can_be_signed_there_offline(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    notes = "Reminder review: choices at breakfast."
    with Api(demo_server, "assessor@demo.carefolio") as assessor_api:
        scope = f"portfolio:{worker}"
        results = assessor_api.push(
            {"op": "create", "scope": scope, "entity": "review", "id": "reach-r1",
             "fields": {"standards": ["SCDHSC0389"], "held_on": "2026-11-30", "participants": "Wren, Sam",
                        "notes": notes, "actions": "Observe breakfast.", "next_review_due": "2027-02-28"}},
            {"op": "transition", "scope": scope, "entity": "review", "id": "reach-r1", "to": "held"})
        assert [r["result"] for r in results] == ["applied", "applied"]
        context, page = worker_page(phone, demo_server)
        wait_until_synced(page)
        context.set_offline(True)
        channel = PushChannel(context, page, demo_server.url)
        message = reminder_message(demo_server, enrolment, worker, late=8)
        assert channel.deliver_until(message, lambda: [n for n in current_worker(context, demo_server).evaluate(SHOWN)
                                                       if n["body"].endswith("8 days overdue")])
        current_worker(context, demo_server).evaluate(TAP, f"review-{enrolment}")
        expect(page).to_have_url(re.compile(rf"/#/reviews/{enrolment}$"))
        card = page.locator("#review-list li").filter(has_text=notes)
        card.get_by_role("button", name="Sign: I agree this is a record of my review").click()
        card = page.locator("#review-list li").filter(has_text=notes)
        expect(card.locator("[data-signatures]")).to_have_attribute("data-signatures", "signed unsigned")
        context.set_offline(False)
        wait_until_synced(page)
        assert assessor_api.records(scope)["reach-r1"]["fields"]["worker_signed_digest"].startswith("sha256:")


def test_a_link_with_its_reminder_counts_as_a_tap_once_and_leaves_a_clean_address(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    """What a tap on a declarative notification the browser showed by itself, or on an
    e-mail's link, opens: `/?reminder=ID#/reviews/N`."""
    enrolment, worker = enrolment_of(demo_server)
    context, page = worker_page(phone, demo_server)
    delivery = as_if_sent(demo_server, worker, f"link-test:{datetime.now(UTC).timestamp()}")
    navigate = reminder_message(demo_server, enrolment, worker, delivery)["notification"]["navigate"]
    assert navigate == f"{demo_server.url}/?reminder={delivery}#/reviews/{enrolment}"
    page.goto(navigate)
    expect(page).to_have_url(f"{demo_server.url}/#/reviews/{enrolment}")
    wait_until_synced(page)
    assert until(page, lambda: page.evaluate(QUEUED) == []) is True
    page.reload()
    wait_until_synced(page)
    with database(demo_server) as db:
        shown_at, tapped_at = db.execute("SELECT shown_at, tapped_at FROM push_delivery WHERE id = ?", [delivery]).fetchone()
    assert shown_at == tapped_at and tapped_at


def test_a_reminder_kept_for_the_app_shows_on_home_and_is_then_marked_shown(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    enrolment, worker = enrolment_of(demo_server)
    key = f"app-test:{datetime.now(UTC).timestamp()}"
    payload = msgspec.json.encode(reminder_message(demo_server, enrolment, worker, late=9)).decode()
    moment = datetime.now(UTC).isoformat()
    with database(demo_server) as db:
        delivery = db.execute(
            "INSERT INTO push_delivery (subscription_id, reminder_key, status, created_at, user_id, channel, payload) "
            "VALUES (0, ?, 'in_app', ?, ?, 'app', ?)", [key, moment, worker, payload]).lastrowid
    context, page = worker_page(phone, demo_server)
    inbox = page.locator("#reminders-inbox")
    expect(inbox).to_contain_text("Your progress review is 9 days overdue")
    wait_until_synced(page)
    with database(demo_server) as db:
        assert db.execute("SELECT shown_at FROM push_delivery WHERE id = ?", [delivery]).fetchone()[0]
    inbox.get_by_role("link", name="Your progress review is 9 days overdue").click()
    expect(page).to_have_url(re.compile(rf"/#/reviews/{enrolment}$"))
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    expect(page.get_by_text("Your progress review is 9 days overdue")).not_to_be_visible()


def test_a_receipt_the_server_refuses_for_good_never_holds_up_the_sync(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    _, page = worker_page(phone, demo_server)
    page.evaluate("""async () => {
      const db = await new Promise((ok, no) => { const r = indexedDB.open("carefolio-receipts", 1);
        r.onupgradeneeded = () => r.result.createObjectStore("receipts", {keyPath: "id"});
        r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
      await new Promise((ok) => { const tx = db.transaction("receipts", "readwrite");
        tx.objectStore("receipts").put({id: "bad:shown", delivery: 2 ** 70, event: "shown", at: new Date().toISOString()});
        tx.oncomplete = ok; });
      db.close();
    }""")
    wait_until_synced(page)
    assert until(page, lambda: page.evaluate(QUEUED) == []) is True
    expect(page.locator("#sync-status")).to_contain_text("Synced")
