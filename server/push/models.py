"""Tables of the push app. Rows stay in server/push/store.py; the rest sees msgspec structs.

- `Subscription`: one browser push subscription per signed-in device session, with that
  device's choices (which reminders, quiet hours in its own time zone).
- `Delivery`: the delivery log. Unique (subscription, reminder key): a reminder is claimed by
  inserting its row *before* it is sent, so a second claim fails, across restarts and
  across processes. At most once per subscription and due event. A reminder that reaches
  a person by e-mail or only in the app (no working subscription) is claimed with
  subscription 0 (every reminder key names its one recipient). Each row keeps its person,
  its channel, and when the phone said it was shown and tapped (the proof of reach).
- `Lease`: which process may send now (a row with a holder and an expiry).
- `OrganisationSettings`: reminder thresholds and the time zone of an organisation.
- `ScopeSeen`: the last version of each portfolio scope whose reviews were read into
  enrolments' `next_review_due` (server/reviews/refresh.py).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Subscription(Model):
    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    session_id = fields.IntField(unique=True)
    endpoint = fields.TextField()
    endpoint_hash = fields.CharField(max_length=64, unique=True)
    p256dh = fields.CharField(max_length=200)
    auth = fields.CharField(max_length=100)
    reviews = fields.BooleanField(default=True)
    queue = fields.BooleanField(default=True)
    feedback = fields.BooleanField(default=True)
    quiet_start = fields.SmallIntField(null=True)  # minutes after local midnight
    quiet_end = fields.SmallIntField(null=True)
    time_zone = fields.CharField(max_length=64, default="Europe/London")
    failures = fields.SmallIntField(default=0, db_default=0)  # sends failed in a row
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "push_subscription"
        indexes = (("user_id",),)


class Delivery(Model):
    id = fields.BigIntField(primary_key=True)
    subscription_id = fields.IntField()
    reminder_key = fields.CharField(max_length=160)
    # sending, delivered, gone, too_large, failed; mailed (e-mail queued); in_app
    status = fields.CharField(max_length=16)
    user_id = fields.IntField(default=0, db_default=0)
    channel = fields.CharField(max_length=8, default="push", db_default="push")  # push, email, app
    payload = fields.TextField(null=True)  # in_app only: what the app shows on next open
    created_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    shown_at = fields.DatetimeField(null=True)
    tapped_at = fields.DatetimeField(null=True)

    class Meta:
        table = "push_delivery"
        unique_together = (("subscription_id", "reminder_key"),)
        indexes = (("created_at",), ("user_id", "created_at"))


class Lease(Model):
    name = fields.CharField(max_length=40, primary_key=True)
    holder = fields.CharField(max_length=80)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "push_lease"


class OrganisationSettings(Model):
    organisation_id = fields.IntField(primary_key=True, generated=False)
    time_zone = fields.CharField(max_length=64, default="Europe/London")
    review_soon_days = fields.SmallIntField(default=7)
    overdue_repeat_days = fields.SmallIntField(default=7)
    queue_after_days = fields.SmallIntField(default=7)
    queue_repeat_days = fields.SmallIntField(default=1)

    class Meta:
        table = "push_organisation"


class ScopeSeen(Model):
    scope = fields.CharField(max_length=80, primary_key=True)
    version = fields.BigIntField()

    class Meta:
        table = "push_scope_seen"
