"""Invitations and reset links by e-mail, through the outbox, to a real SMTP server."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx

from server.mail import backoff, delivery
from server.mail.models import FAILED, SENT, MailMessage
from server.mail.sender import config_from
from tests.support.people import People
from tests.support.smtp import SmtpServer, parts

LINK = re.compile(r"http://testserver/#/invite\?token=([A-Za-z0-9_\-]+)")


async def wait_for_mail(admin_client: httpx.AsyncClient, state: str) -> dict:  # type: ignore[type-arg]
    """The newest message once it reaches `state` (the delivery loop runs in the app)."""
    for _ in range(400):
        overview = (await admin_client.get("/api/admin/mail")).json()
        newest = overview["messages"][0]
        if newest["state"] == state and (state != "waiting" or newest["attempts"] > 0):
            return overview  # type: ignore[no-any-return]
        await asyncio.sleep(0.05)
    raise AssertionError(f"message never became {state}: {overview}")


async def test_an_invitation_arrives_by_email_with_a_link_that_works(
    people: People, smtp: SmtpServer, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    made = await admin.client.post("/api/admin/invites", json={
        "email": "Nia@Example.test", "role": "assessor", "display_name": "Nia Jones"})
    assert made.status_code == 201, made.text
    assert made.json()["mail_state"] == "waiting"

    message = (await smtp.inbox.arrived(1))[0]
    assert message["To"] == "nia@example.test"
    assert message["From"] == "carefolio@riverside.example"
    assert "Riverside Care" in message["Subject"]
    text, html = parts(message)
    assert "Hello Nia Jones," in text and "as an assessor" in text
    token = LINK.search(text).group(1)  # type: ignore[union-attr]
    assert f"?token={token}" in html
    joined = await client.post("/api/invites/accept", json={
        "token": token, "display_name": "Nia Jones", "password": "a long enough password"})
    assert joined.status_code == 200, joined.text
    assert (await admin.client.get("/api/admin/invites")).json() == []
    row = await MailMessage.get(recipient="nia@example.test")
    assert row.state == SENT and row.text_body == "" and row.html_body == ""


async def test_a_reset_link_is_emailed_and_sets_a_new_password(
    people: People, smtp: SmtpServer, client: httpx.AsyncClient
) -> None:
    admin = await people.signed_in("administrator")
    worker = await people.signed_in("worker")
    queued = await admin.client.post(f"/api/admin/members/{worker.id}/reset-mail")
    assert queued.status_code == 202, queued.text
    text, _ = parts((await smtp.inbox.arrived(1))[0])
    token = re.search(r"#/reset\?token=(\S+)", text).group(1)  # type: ignore[union-attr]
    reset = await client.post("/api/password-reset", json={
        "token": token, "new_password": "another long password"})
    assert reset.status_code == 204, reset.text


async def test_a_failed_send_is_retried_with_backoff_and_shown_to_the_administrator(
    people: People, smtp: SmtpServer, settings  # type: ignore[no-untyped-def]
) -> None:
    admin = await people.signed_in("administrator")
    smtp.inbox.refuse = True
    await admin.client.post("/api/admin/invites", json={"email": "a@example.test", "role": "worker"})
    overview = await wait_for_mail(admin.client, "waiting")
    first = overview["messages"][0]
    assert first["attempts"] == 1 and "451" in first["last_error"]
    assert overview["waiting"] == 1

    config = config_from(settings)
    assert config is not None
    now = datetime.now(UTC)
    assert (await delivery.deliver_due(config, now)).sent == 0  # not due again yet
    for delay in backoff.DELAYS:  # each retry waits longer, then it is given up
        now += delay + timedelta(seconds=1)
        assert (await delivery.deliver_due(config, now)).failed == 1
    overview = (await admin.client.get("/api/admin/mail")).json()
    assert overview["failed"] == 1 and overview["messages"][0]["state"] == FAILED
    assert overview["messages"][0]["attempts"] == backoff.MAX_ATTEMPTS
    assert (await admin.client.get("/api/admin/invites")).json()[0]["mail_state"] == FAILED

    smtp.inbox.refuse = False
    again = await admin.client.post(f"/api/admin/mail/{first['id']}/retry")
    assert again.status_code == 202, again.text
    assert (await smtp.inbox.arrived(1))[0]["To"] == "a@example.test"
    await wait_for_mail(admin.client, SENT)


async def test_an_unreachable_mail_server_leaves_the_message_waiting_with_the_reason(
    people: People, smtp: SmtpServer
) -> None:
    admin = await people.signed_in("administrator")
    smtp.stop()  # nothing listens on the port any more
    await admin.client.post("/api/admin/invites", json={"email": "b@example.test", "role": "worker"})
    overview = await wait_for_mail(admin.client, "waiting")
    message = overview["messages"][0]
    assert message["attempts"] == 1 and message["last_error"]
    assert datetime.fromisoformat(message["next_attempt_at"]) > datetime.now(UTC)
    row = await MailMessage.get(id=message["id"])
    assert row.text_body  # kept for the next attempt


async def test_mail_overview_shows_only_the_administrators_own_organisation(
    people: People, smtp: SmtpServer
) -> None:
    admin = await people.signed_in("administrator")
    other = await people.signed_in("administrator", org="Hillside Homes")
    await admin.client.post("/api/admin/invites", json={"email": "c@example.test", "role": "worker"})
    await smtp.inbox.arrived(1)
    assert (await other.client.get("/api/admin/mail")).json()["messages"] == []
    mine = (await admin.client.get("/api/admin/mail")).json()["messages"][0]["id"]
    assert (await other.client.post(f"/api/admin/mail/{mine}/retry")).status_code == 409
