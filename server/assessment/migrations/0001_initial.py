from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='DecisionIndex',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=80)),
                ('rid', fields.CharField(max_length=64)),
                ('worker_id', fields.IntField()),
                ('organisation_id', fields.IntField(null=True)),
                ('assessor_id', fields.IntField()),
                ('evidence_id', fields.CharField(max_length=64)),
                ('outcome', fields.CharField(max_length=20)),
                ('judgements', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('feedback', fields.TextField(default='', unique=False)),
                ('decided_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'assessment_decision', 'app': 'assessment', 'unique_together': (('scope', 'rid'),), 'indexes': [Index(fields=['assessor_id', 'decided_at']), Index(fields=['worker_id', 'decided_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EvidenceIndex',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=80)),
                ('rid', fields.CharField(max_length=64)),
                ('worker_id', fields.IntField()),
                ('organisation_id', fields.IntField(null=True)),
                ('author_id', fields.IntField()),
                ('kind', fields.CharField(max_length=40)),
                ('title', fields.CharField(default='', max_length=200)),
                ('status', fields.CharField(max_length=20)),
                ('criteria', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('status_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deleted', fields.BooleanField(default=False)),
            ],
            options={'table': 'assessment_evidence', 'app': 'assessment', 'unique_together': (('scope', 'rid'),), 'indexes': [Index(fields=['status', 'submitted_at']), Index(fields=['worker_id', 'status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QaSample',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation_id', fields.IntField()),
                ('quality_assurer_id', fields.IntField()),
                ('assessor_id', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'assessment_qa_sample', 'app': 'assessment', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QaSampleItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sample', fields.ForeignKeyField('assessment.QaSample', source_field='sample_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('decision', fields.ForeignKeyField('assessment.DecisionIndex', source_field='decision_id', db_constraint=True, to_field='id', related_name='qa_items', on_delete=OnDelete.CASCADE)),
                ('verdict', fields.CharField(null=True, max_length=20)),
                ('note', fields.TextField(default='', unique=False)),
                ('judged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'assessment_qa_item', 'app': 'assessment', 'unique_together': (('sample', 'decision'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
