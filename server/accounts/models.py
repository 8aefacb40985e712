"""Invitations as the administrator sees them: who, which role, which link is current, and
whether it was accepted or withdrawn. The link itself (server/models.py `OneTimeLink`) keeps
only its token's hash; a resend issues a new link and retires the old one."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Invitation(Model):
    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField()
    link_id = fields.IntField(unique=True)
    email = fields.CharField(max_length=254)
    display_name = fields.CharField(max_length=200, default="")
    role = fields.CharField(max_length=20)
    created_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    withdrawn_at = fields.DatetimeField(null=True)
    accepted_at = fields.DatetimeField(null=True)
    mail_id = fields.IntField(null=True)

    class Meta:
        table = "invitation"
        indexes = (("organisation_id", "email"),)


class OrganisationSettings(Model):
    """An organisation's own choices, one row each (absent: the defaults)."""

    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField(unique=True)
    default_review_rule = fields.CharField(max_length=20, default="calendar_3_months")
    # Reminder quiet hours for devices that set none (minutes after local midnight).
    quiet_start = fields.SmallIntField(null=True)
    quiet_end = fields.SmallIntField(null=True)
    # Share of an assessor's decisions a QA sample draws when no size is given.
    qa_sample_percent = fields.SmallIntField(default=10)
    # Whole years the evidence of a person who left is kept after they left, before
    # `carefolio retention` may remove it (server/retention/).
    retention_years = fields.SmallIntField(default=6, db_default=6)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "organisation_settings"
