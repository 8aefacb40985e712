"""The audit trail's table (Tortoise app "audit")."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditEvent(Model):
    id = fields.BigIntField(primary_key=True)
    organisation_id = fields.IntField(null=True)
    actor_id = fields.IntField(null=True)
    action = fields.CharField(max_length=60)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.CharField(max_length=80)
    detail = fields.JSONField(default=dict)
    at = fields.DatetimeField()

    class Meta:
        table = "audit_event"
        indexes = (("organisation_id", "at"), ("subject_type", "subject_id"))
