"""Proof of reach: receipts from the phone, the in-app fallback, and what the administrator
sees per person; the metrics that count them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.push import engine
from server.push.engine import FAILED, SENT
from server.push.models import Delivery
from server.push.receipts import SHOWN, TAPPED
from server.push.sender import Sender
from tests.push.conftest import CSRF, enrol, subscribe
from tests.push.receiver import Receiver

TODAY = datetime.now(UTC).date()


async def run(sender: Sender, now: datetime | None = None) -> engine.Report:
    async with sender:
        return await engine.run_once(sender, now or datetime.now(UTC), base_url="http://testserver")


def reach_of(answer, user_id: int):  # type: ignore[no-untyped-def]
    [found] = [r for r in answer.json() if r["user_id"] == user_id]
    return found


async def test_shown_and_tapped_receipts_tell_the_administrator_how_reminders_reach_a_person(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await people.signed_in("administrator"), await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    before = (SENT.value(channel="push"), SHOWN.value(channel="push"), TAPPED.value(channel="push"))
    await run(make_sender())
    assert reach_of(await admin.client.get("/api/admin/reach"), worker.id)["how"] == "push_not_shown"

    [message] = receiver.for_device("phone")
    delivery = message.fields["delivery"]
    assert message.fields["navigate"] == f"http://testserver/?reminder={delivery}" + message.fields["url"]
    shown_at = datetime.now(UTC) - timedelta(minutes=5)
    answer = await worker.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": delivery, "event": "shown", "at": shown_at.isoformat()},
        {"delivery": delivery, "event": "tapped", "at": datetime.now(UTC).isoformat()},
        {"delivery": delivery, "event": "shown", "at": datetime.now(UTC).isoformat()},  # again
    ]})
    assert answer.json() == {"recorded": 2, "ignored": 1}
    found = reach_of(await admin.client.get("/api/admin/reach"), worker.id)
    assert (found["how"], found["reachable"], found["devices"], found["tapped"]) == ("push_shown", True, 1, 1)
    assert datetime.fromisoformat(found["last_shown_at"]) == shown_at
    after = (SENT.value(channel="push"), SHOWN.value(channel="push"), TAPPED.value(channel="push"))
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 1]
    metrics = (await admin.client.get("/metrics")).text
    assert 'carefolio_reminders_shown_total{channel="push"}' in metrics


async def test_a_receipt_for_someone_elses_reminder_is_ignored(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker, other = await people.signed_in("worker"), await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    await run(make_sender())
    [row] = await Delivery.all()
    answer = await other.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": row.id, "event": "shown", "at": datetime.now(UTC).isoformat()}]})
    assert answer.json() == {"recorded": 0, "ignored": 1}
    assert (await Delivery.get()).shown_at is None


async def test_bad_receipts_get_a_precise_4xx(people, push_app) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    naive = await worker.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": 1, "event": "shown", "at": "2025-03-10T12:00:00"}]})
    kind = await worker.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": 1, "event": "dismissed", "at": "2025-03-10T12:00:00Z"}]})
    many = await worker.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": 1, "event": "shown", "at": "2025-03-10T12:00:00Z"}] * 201})
    assert (naive.status_code, kind.status_code, many.status_code) == (422, 422, 422)


async def test_without_push_or_email_the_reminder_waits_in_the_app_and_the_person_is_flagged(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await people.signed_in("administrator"), await people.signed_in("worker")
    enrolment = await enrol(worker, None, TODAY)
    before = SENT.value(channel="app")
    first, second = await run(make_sender()), await run(make_sender())
    assert (first.in_app, second.in_app, SENT.value(channel="app") - before) == (1, 0, 1)
    assert receiver.attempts == 0
    flagged = reach_of(await admin.client.get("/api/admin/reach"), worker.id)
    assert (flagged["how"], flagged["reachable"], flagged["devices"]) == ("in_app", False, 0)

    [item] = (await worker.client.get("/api/push/inbox")).json()
    assert (item["title"], item["body"], item["url"]) == (
        "Progress review", "Your progress review is due today", f"#/reviews/{enrolment.id}")
    await worker.client.post("/api/push/receipts", headers=CSRF, json={"receipts": [
        {"delivery": item["delivery"], "event": "shown", "at": datetime.now(UTC).isoformat()}]})
    assert (await worker.client.get("/api/push/inbox")).json() == []


async def test_failures_are_counted_by_reason(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "old-phone")
    await enrol(worker, None, TODAY)
    receiver.answer("old-phone", 410)
    before = FAILED.value(reason="gone")
    await run(make_sender())
    assert FAILED.value(reason="gone") - before == 1
