"""A fallback, never silence: people push cannot reach get their reminders by e-mail, at a
real SMTP server, under the same once-per-event, quiet-hours and batching rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from server.mail import delivery
from server.mail.sender import config_from
from server.push import engine
from server.push.models import Delivery, Subscription
from server.push.sender import Sender
from tests.push.conftest import enrol, subscribe
from tests.push.receiver import Receiver
from tests.push.test_engine import NOW, TODAY
from tests.support.smtp import SmtpServer, parts


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: SmtpServer):  # type: ignore[no-untyped-def]
    from server.settings import Settings

    return Settings(
        data_dir=tmp_path / "data", database_url=database_url, base_url="http://testserver",
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none",
        mail_from="carefolio@riverside.example", mail_interval=3600,
    )


async def run(sender: Sender, now=NOW) -> engine.Report:  # type: ignore[no-untyped-def]
    async with sender:
        return await engine.run_once(sender, now, base_url="http://testserver", mail=True)


async def flush(settings) -> None:  # type: ignore[no-untyped-def]
    """Deliver every queued e-mail now (what the mail loop does on its next turn)."""
    config = config_from(settings)
    assert config is not None
    await delivery.deliver_due(config, NOW + timedelta(days=30))


async def test_an_expired_subscription_gets_the_reminder_by_email_exactly_once(people, push_app, receiver: Receiver, make_sender, smtp: SmtpServer, settings) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "old-phone")
    enrolment = await enrol(worker, None, TODAY)
    receiver.answer("old-phone", 410)

    first = await run(make_sender())
    second = await run(make_sender(), NOW + timedelta(hours=1))
    await flush(settings)

    assert (first.gone, first.mailed, first.letters, second.mailed) == (1, 1, 1, 0)
    assert await Subscription.all().count() == 0
    [letter] = await smtp.inbox.arrived(1)
    assert letter["To"] == worker.user.email
    assert letter["Subject"] == "Your progress review is due today"
    text, html = parts(letter)
    [row] = await Delivery.filter(channel="email")
    assert f"http://testserver/?reminder={row.id}#/reviews/{enrolment.id}" in text
    assert f"#/reviews/{enrolment.id}" in html
    assert "SCDHSC0389" not in text
    await flush(settings)
    assert len(smtp.inbox.messages) == 1


async def test_a_person_without_notifications_gets_one_email_for_all_their_reminders(people, push_app, receiver: Receiver, make_sender, smtp: SmtpServer, settings) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await enrol(worker, None, TODAY)
    await enrol(worker, None, TODAY + timedelta(days=3))
    report = await run(make_sender())
    await flush(settings)
    assert (report.mailed, report.letters) == (2, 1)
    [letter] = await smtp.inbox.arrived(1)
    assert letter["Subject"] == "2 things need you in Carefolio"
    assert receiver.attempts == 0


async def test_a_repeatedly_failing_subscription_falls_back_to_email(people, push_app, receiver: Receiver, make_sender, smtp: SmtpServer, settings) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "broken-phone")
    await enrol(worker, None, TODAY)
    receiver.answer("broken-phone", 400, times=10)
    await Subscription.all().update(failures=2)
    report = await run(make_sender())
    await flush(settings)
    assert (report.failed, report.mailed) == (1, 1)
    assert (await Subscription.get()).failures == 3
    assert len(await smtp.inbox.arrived(1)) == 1


async def test_a_delivered_push_is_not_emailed_as_well(people, push_app, receiver: Receiver, make_sender, smtp: SmtpServer, settings) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    await enrol(worker, None, TODAY)
    assert (await run(make_sender())).delivered == 1
    await Subscription.all().delete()  # the phone is signed out later the same day
    assert (await run(make_sender(), NOW + timedelta(hours=2))).mailed == 0
    await flush(settings)
    assert smtp.inbox.messages == []


async def test_email_waits_for_the_organisations_quiet_hours(people, push_app, receiver: Receiver, make_sender, smtp: SmtpServer, settings) -> None:  # type: ignore[no-untyped-def]
    from server.accounts.models import OrganisationSettings

    worker = await people.signed_in("worker")
    await OrganisationSettings.create(organisation_id=worker.organisation.id, quiet_start=11 * 60,
                                      quiet_end=13 * 60, updated_at=NOW)
    await enrol(worker, None, TODAY)
    held = await run(make_sender())  # 12:00 UTC is 12:00 in London in March
    later = await run(make_sender(), NOW.replace(hour=13, minute=5))
    assert (held.mail_held, held.mailed, later.mailed) == (1, 0, 1)
