"""The optional daily e-mail digest of reminders: chosen per person, one per day in the
organisation's time zone, through the outbox to a real SMTP server, naming nobody."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from server.mail import digest as pure
from server.mail.digests import queue_due
from server.mail.models import MailMessage
from server.models import Enrolment
from server.push.reminders import Reminder
from tests.support.people import People
from tests.support.smtp import SmtpServer, parts

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # Monday, noon in London


def _reminder(user_id: int, body: str) -> Reminder:
    return Reminder(f"k:{body}", user_id, "reviews", "review_today", "Progress review", body,
                    "t", "#/", 86_400, "normal", "why")


def test_a_digest_is_due_once_a_day_after_seven_in_the_organisations_time_zone() -> None:
    target = pure.DigestTarget(1, "a@x.org", "Riverside", "Europe/London", None)
    both = [_reminder(1, "A progress review is due today"),
            _reminder(1, "A progress review is due today"), _reminder(2, "not theirs")]
    (due,) = pure.due_digests([target], both, NOW)
    assert due.items == [("Progress review", "A progress review is due today")]
    early = datetime(2025, 3, 10, 6, 59, tzinfo=UTC)
    assert pure.due_digests([target], both, early) == []
    sent_today = pure.DigestTarget(1, "a@x.org", "Riverside", "Europe/London", date(2025, 3, 10))
    assert pure.due_digests([sent_today], both, NOW) == []
    assert pure.due_digests([target], [], NOW) == []  # nothing to say: no message


async def test_the_digest_arrives_by_email_once_a_day_for_those_who_chose_it(
    people: People, smtp: SmtpServer
) -> None:
    worker = await people.signed_in("worker")
    assessor = await people.signed_in("assessor")
    await Enrolment.create(
        organisation=worker.organisation, worker_id=worker.id, assessor_id=assessor.id,
        standard_code="SCDHSC0389", start_date=date(2025, 2, 8), review_rule="custom",
        review_interval_days=30, review_reason="test", next_review_due=date(2025, 3, 10))
    assert (await assessor.client.get("/api/me/digest")).json() == {
        "daily_digest": False, "available": True}
    chosen = await assessor.client.put("/api/me/digest", json={"daily_digest": True})
    assert chosen.status_code == 200 and chosen.json()["daily_digest"] is True

    assert await queue_due(NOW, "http://testserver") == 1  # the assessor only
    (message,) = await smtp.inbox.arrived(1)
    assert message["To"] == assessor.user.email
    assert message["Subject"] == "Your Carefolio reminders for Monday 10 March 2025"
    text, html = parts(message)
    assert "- Progress review: A progress review is due today" in text
    assert "http://testserver/" in text and "<li><strong>Progress review</strong>" in html
    assert worker.user.display_name not in text + html  # names nobody

    assert await queue_due(NOW + timedelta(hours=3), "http://testserver") == 0  # same day
    assert await queue_due(NOW + timedelta(days=1), "http://testserver") == 1  # overdue now
    assert await MailMessage.filter(purpose="digest").count() == 2
    off = await assessor.client.put("/api/me/digest", json={"daily_digest": False})
    assert off.status_code == 200
    assert await queue_due(NOW + timedelta(days=2), "http://testserver") == 0
