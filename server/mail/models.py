"""The mail outbox: one row per message to send, kept until it is sent or given up on.

A message waits (`waiting`) until its `next_attempt_at`; a failed attempt pushes that time
back (server/mail/backoff.py); after the last attempt it is `failed` and stays listed for
the organisation's administrators, who can send it again. Once sent, its bodies are blanked:
they carry a one-time link, which the outbox has no reason to keep."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

WAITING, SENT, FAILED, CANCELLED = "waiting", "sent", "failed", "cancelled"


class MailMessage(Model):
    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField(null=True)
    purpose = fields.CharField(max_length=20)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    text_body = fields.TextField()
    html_body = fields.TextField()
    state = fields.CharField(max_length=12, default=WAITING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "mail_outbox"
        indexes = (("state", "next_attempt_at"), ("organisation_id", "state"))


class DigestChoice(Model):
    """A person's choice of a daily e-mail digest of their reminders (absent: none), and the
    day (in the organisation's time zone) the last one was queued, so each day has one."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField(unique=True)
    enabled = fields.BooleanField(default=False)
    last_sent_on = fields.DateField(null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "mail_digest"
