"""The reminder engine against the local push service: right people, right devices, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from server.push import engine
from server.push.models import Delivery, Subscription
from server.push.sender import Sender
from sync.client import SyncClient
from tests.push.conftest import Sleeps, enrol, subscribe, sync_record
from tests.push.receiver import Receiver
from tests.support.people import Person

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = date(2025, 3, 10)
FAR_OFF = date.today() + timedelta(days=365)  # no review reminders in real-time tests


async def run(sender: Sender, now: datetime = NOW) -> engine.Report:
    async with sender:
        return await engine.run_once(sender, now)


async def test_a_review_due_today_reaches_every_device_of_worker_and_assessor_once(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker, assessor = await people.signed_in("worker"), await people.signed_in("assessor")
    phone = await people.sign_in(worker.user)
    await subscribe(worker, receiver, "worker-tablet")
    await subscribe(phone, receiver, "worker-phone")
    await subscribe(assessor, receiver, "assessor-phone")
    enrolment = await enrol(worker, assessor, TODAY)

    first = await run(make_sender())
    second = await run(make_sender())

    assert (first.delivered, second.delivered, second.already) == (3, 0, 3)
    assert sorted(r.device for r in receiver.received) == ["assessor-phone", "worker-phone", "worker-tablet"]
    message = receiver.for_device("worker-phone")[0]
    assert message.fields["kind"] == "review_today"
    assert message.fields["url"] == f"#/reviews/{enrolment.id}"
    assert message.fields["tag"] == f"review-{enrolment.id}"
    assert (message.ttl, message.urgency) == (86_400, "normal")
    assert receiver.rejected == []


async def test_reminders_skip_devices_that_turned_that_kind_off(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone", reviews=False)
    await enrol(worker, None, TODAY)
    assert (await run(make_sender())).due == 0
    assert receiver.attempts == 0


async def test_a_signed_out_device_gets_nothing(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    response = await worker.client.post("/api/auth/sign-out", headers={"X-Carefolio": "1"})
    assert response.status_code in (200, 204)
    await run(make_sender())
    assert receiver.attempts == 0


async def test_quiet_hours_hold_a_reminder_until_they_end(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "night-shift", quiet_start="08:00", quiet_end="16:00",
                    time_zone="Europe/London")
    await enrol(worker, None, TODAY)
    held = await run(make_sender(), NOW)
    after = await run(make_sender(), NOW.replace(hour=16, minute=5))
    assert (held.held, held.delivered, after.delivered) == (1, 0, 1)
    assert len(receiver.for_device("night-shift")) == 1


async def test_a_gone_subscription_is_removed(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "old-phone")
    await enrol(worker, None, TODAY)
    receiver.answer("old-phone", 410)
    report = await run(make_sender())
    assert report.gone == 1
    assert await Subscription.all().count() == 0


async def test_too_many_requests_is_retried_after_the_time_the_push_service_asks(people, push_app, receiver: Receiver, make_sender, sleeps: Sleeps) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    receiver.answer("phone", 429, **{"Retry-After": "7"})
    report = await run(make_sender())
    assert (report.delivered, sleeps.waits) == (1, [7.0])
    assert len(receiver.for_device("phone")) == 1


async def test_server_errors_back_off_then_the_next_run_tries_again(people, push_app, receiver: Receiver, make_sender, sleeps: Sleeps) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    receiver.answer("phone", 500, times=3)
    failing = await run(make_sender(attempts=3, backoff=0.5))
    assert (failing.retry, failing.delivered, sleeps.waits) == (1, 0, [0.5, 1.0])
    assert await Delivery.all().count() == 0  # released: not marked as sent
    later = await run(make_sender(), NOW + timedelta(minutes=1))
    assert later.delivered == 1 and len(receiver.for_device("phone")) == 1


async def test_a_retry_after_longer_than_the_run_can_wait_leaves_it_for_a_later_run(people, push_app, receiver: Receiver, make_sender, sleeps: Sleeps) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    receiver.answer("phone", 429, **{"Retry-After": "3600"})
    report = await run(make_sender(max_wait=60))
    assert (report.retry, sleeps.waits) == (1, [])


async def test_a_payload_too_large_is_not_retried_nor_sent_again(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    receiver.answer("phone", 413)
    first, second = await run(make_sender()), await run(make_sender())
    assert (first.too_large, second.already, receiver.attempts) == (1, 1, 1)


def phone_of(person: Person) -> SyncClient:
    return SyncClient(person.client, person.device_id, retry_scale=0.0)  # type: ignore[arg-type]


async def submit_evidence(worker: Person, count: int) -> list[str]:
    """Capture and submit evidence through the real sync engine."""
    phone, scope, ids = phone_of(worker), f"portfolio:{worker.id}", []
    for n in range(count):
        rid = phone.create(scope, "evidence", {"kind": "observation", "title": f"Note {n}"})
        phone.transition(scope, "evidence", rid, "submitted")
        ids.append(rid)
    await phone.sync()
    return ids


async def test_evidence_waiting_too_long_reaches_the_assessor_as_one_notification(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    assessor = await people.signed_in("assessor")
    await subscribe(assessor, receiver, "assessor-phone")
    for _ in range(2):
        worker = await people.signed_in("worker")
        await enrol(worker, assessor, FAR_OFF)
        await submit_evidence(worker, 3)
    submitted = datetime.now(UTC)
    too_soon = await run(make_sender(), submitted + timedelta(days=6))
    await run(make_sender(), submitted + timedelta(days=7, minutes=1))
    await run(make_sender(), submitted + timedelta(days=7, minutes=2))
    assert too_soon.due == 0
    [message] = receiver.for_device("assessor-phone")
    assert message.fields["body"] == "6 pieces of evidence are waiting for your assessment"
    assert message.fields["url"] == "#/assess"


async def test_an_organisation_can_shorten_the_wait_before_the_assessor_is_reminded(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    admin, assessor = await people.signed_in("administrator"), await people.signed_in("assessor")
    worker = await people.signed_in("worker")
    await subscribe(assessor, receiver, "assessor-phone")
    await enrol(worker, assessor, FAR_OFF)
    answer = await admin.client.put("/api/push/organisation", headers={"X-Carefolio": "1"},
                                    json={"queue_after_days": 2})
    assert answer.status_code == 200, answer.text
    await submit_evidence(worker, 1)
    await run(make_sender(), datetime.now(UTC) + timedelta(days=2, minutes=1))
    [message] = receiver.for_device("assessor-phone")
    assert message.fields["body"] == "1 piece of evidence is waiting for your assessment"


async def test_a_referral_reaches_the_worker_and_opens_the_item(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    worker, assessor = await people.signed_in("worker"), await people.signed_in("assessor")
    await subscribe(worker, receiver, "worker-phone")
    await enrol(worker, assessor, FAR_OFF)
    [rid] = await submit_evidence(worker, 1)
    tablet, scope = phone_of(assessor), f"portfolio:{worker.id}"
    await tablet.pull()
    tablet.create(scope, "decision", {"evidence_id": rid, "outcome": "referred",
                                      "feedback": "Say more about consent."})
    tablet.transition(scope, "evidence", rid, "referred")
    await tablet.push()
    await run(make_sender(), datetime.now(UTC))
    await run(make_sender(), datetime.now(UTC) + timedelta(hours=1))
    [message] = receiver.for_device("worker-phone")
    assert (message.fields["kind"], message.fields["url"]) == ("feedback_referred", f"#/evidence/{rid}")
    assert "consent" not in str(message.payload)


async def test_reviews_are_chosen_from_held_reviews_synced_in(people, push_app, receiver: Receiver, make_sender) -> None:  # type: ignore[no-untyped-def]
    from server.models import Enrolment

    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    enrolment = await Enrolment.create(
        organisation=worker.organisation, worker_id=worker.id, standard_code="SCDHSC0389",
        start_date=date(2024, 9, 1), review_rule="calendar_3_months")
    await sync_record(worker.id, "rv-1", "review", {"status": "held", "held_on": "2024-12-10"},
                      NOW - timedelta(days=90))
    await run(make_sender())
    await enrolment.refresh_from_db()
    assert (enrolment.last_review_on, enrolment.next_review_due) == (date(2024, 12, 10), TODAY)
    assert [m.fields["kind"] for m in receiver.for_device("phone")] == ["review_today"]
    await sync_record(worker.id, "rv-2", "review", {"status": "held", "held_on": "2025-03-10"},
                      NOW, version=2)
    await run(make_sender(), NOW + timedelta(days=1))
    await enrolment.refresh_from_db()
    assert enrolment.next_review_due == date(2025, 6, 10)
    assert len(receiver.for_device("phone")) == 1  # held today: no "overdue" tomorrow


class CrashingSender(Sender):
    """Dies (like a killed process) when its second batch is half way out."""

    async def send_all(self, messages):  # type: ignore[no-untyped-def]
        self.batches = getattr(self, "batches", 0) + 1
        if self.batches == 2:
            await super().send_all(messages[:1])
            raise KeyboardInterrupt("killed")
        return await super().send_all(messages)


async def test_a_restart_in_the_middle_of_a_run_sends_nothing_twice(people, push_app, receiver: Receiver, keys, sleeps: Sleeps, make_sender) -> None:  # type: ignore[no-untyped-def]
    for n in range(6):
        worker = await people.signed_in("worker")
        await subscribe(worker, receiver, f"phone-{n}")
        await enrol(worker, None, TODAY)
    crashing = CrashingSender(keys, "mailto:operator@localhost", concurrency=2, sleep=sleeps)
    try:
        await run(crashing)
    except KeyboardInterrupt:
        pass
    assert len(receiver.received) == 3
    again = await run(make_sender(concurrency=2))
    devices = [r.device for r in receiver.received]
    assert len(devices) == len(set(devices)) == 5  # one claimed by the dead run stays unsent
    assert again.delivered == 2 and again.already == 4
    # The dead run's batch stays "sending": one of the two went out, one never will.
    assert await Delivery.filter(status="sending").count() == 2
