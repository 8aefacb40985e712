"""Accounts: organisations, people, their roles, their signed-in devices, enrolments; the
installation's generated secrets.

Rows stay in this module and the account store; the rest of the code sees msgspec structs.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

# the values of Membership.role; server/migrations/0001_initial.py imports Role from here
from base.principal import Role


class Organisation(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organisation"


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=200, null=True)
    is_superadmin = fields.BooleanField(default=False)
    disabled = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user_account"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("core.User", related_name="memberships")
    organisation = fields.ForeignKeyField("core.Organisation", related_name="memberships")
    role = fields.CharEnumField(Role, max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "membership"
        unique_together = (("user", "organisation", "role"),)


class DeviceSession(Model):
    """One signed-in device. The bearer token is stored only as its SHA-256."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("core.User", related_name="sessions")
    token_hash = fields.CharField(max_length=64, unique=True)
    device_id = fields.CharField(max_length=64)
    device_label = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "device_session"


class SignInFailure(Model):
    """A failed sign-in, under the keys it counts against (`account:<email>`,
    `address:<ip>`): kept in the database so every app process counts the same attempts."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=300)
    at = fields.DatetimeField()

    class Meta:
        table = "sign_in_failure"
        indexes = (("key", "at"), ("at",))


class OneTimeLink(Model):
    """Setup, invitation and password-reset links. Only the token's SHA-256 is kept."""

    id = fields.IntField(primary_key=True)
    purpose = fields.CharField(max_length=20)
    token_hash = fields.CharField(max_length=64, unique=True)
    email = fields.CharField(max_length=254, default="")
    organisation_id = fields.IntField(null=True)
    role = fields.CharField(max_length=20, default="")
    created_by_id = fields.IntField(null=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "one_time_link"


class Enrolment(Model):
    """A worker enrolled on a standard, assessed by one assessor."""

    id = fields.IntField(primary_key=True)
    organisation = fields.ForeignKeyField("core.Organisation", related_name="enrolments")
    worker = fields.ForeignKeyField("core.User", related_name="enrolments")
    assessor = fields.ForeignKeyField("core.User", related_name="assessing", null=True)
    standard_code = fields.CharField(max_length=40)
    start_date = fields.DateField()
    review_rule = fields.CharField(max_length=20, default="calendar_3_months")
    review_interval_days = fields.IntField(null=True)
    review_reason = fields.TextField(default="")
    # An apprenticeship's review rule and words follow the year it started
    # (server/reviews/rule_years.py); anything else keeps the organisation's rules.
    apprenticeship = fields.BooleanField(default=False)
    # Who agreed a different review frequency for the employer, and when (required for an
    # apprenticeship started from August 2025 on a rule other than its year's).
    employer_agreed_by = fields.CharField(max_length=200, default="")
    employer_agreed_on = fields.DateField(null=True)
    ended_at = fields.DatetimeField(null=True)
    # How it ended ("completed" or "withdrawn") and the date the administrator gave for it.
    outcome = fields.CharField(max_length=12, null=True)
    ended_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Kept by server/reviews/refresh.py from the rule and the last held review (a sync
    # record); NULL means "not computed yet". Reminder selection reads only these.
    last_review_on = fields.DateField(null=True)
    next_review_due = fields.DateField(null=True)

    class Meta:
        table = "enrolment"
        indexes = (
            ("assessor_id", "ended_at"), ("worker_id", "ended_at"),
            ("ended_at", "next_review_due"),
        )


class InstallationSecret(Model):
    """A secret the installation generates once and every server process must share (the
    VAPID private key): in the database, so no process needs another's data directory.
    Written once, by whichever process gets there first; never changed."""

    name = fields.CharField(max_length=40, primary_key=True)
    value = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "installation_secret"
