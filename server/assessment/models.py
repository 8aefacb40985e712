"""Read models of synced evidence and decisions, and quality-assurance samples
(Tortoise app "assessment"). The sync records stay the source of truth."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class EvidenceIndex(Model):
    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=80)
    rid = fields.CharField(max_length=64)
    worker_id = fields.IntField()
    organisation_id = fields.IntField(null=True)
    author_id = fields.IntField()
    kind = fields.CharField(max_length=40)
    title = fields.CharField(max_length=200, default="")
    status = fields.CharField(max_length=20)
    criteria = fields.JSONField(default=list)
    submitted_at = fields.DatetimeField(null=True)
    status_changed_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    deleted = fields.BooleanField(default=False)

    class Meta:
        table = "assessment_evidence"
        unique_together = (("scope", "rid"),)
        indexes = (("status", "submitted_at"), ("worker_id", "status"))


class DecisionIndex(Model):
    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=80)
    rid = fields.CharField(max_length=64)
    worker_id = fields.IntField()
    organisation_id = fields.IntField(null=True)
    assessor_id = fields.IntField()
    evidence_id = fields.CharField(max_length=64)
    outcome = fields.CharField(max_length=20)
    judgements = fields.JSONField(default=dict)
    feedback = fields.TextField(default="")
    decided_at = fields.DatetimeField()

    class Meta:
        table = "assessment_decision"
        unique_together = (("scope", "rid"),)
        indexes = (("assessor_id", "decided_at"), ("worker_id", "decided_at"), ("decided_at",))


class QaSample(Model):
    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField()
    quality_assurer_id = fields.IntField()
    assessor_id = fields.IntField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "assessment_qa_sample"


class QaSampleItem(Model):
    id = fields.IntField(primary_key=True)
    sample = fields.ForeignKeyField("assessment.QaSample", related_name="items")
    decision = fields.ForeignKeyField("assessment.DecisionIndex", related_name="qa_items")
    verdict = fields.CharField(max_length=20, null=True)
    note = fields.TextField(default="")
    judged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "assessment_qa_item"
        unique_together = (("sample", "decision"),)
