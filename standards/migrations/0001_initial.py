from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Standard',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('title', fields.CharField(max_length=500)),
                ('suite', fields.CharField(default='', max_length=300)),
                ('organisation_id', fields.IntField(null=True)),
                ('bundled', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'standards_standard', 'app': 'standards', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StandardVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('standard', fields.ForeignKeyField('standards.Standard', source_field='standard_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.RESTRICT)),
                ('number', fields.IntField()),
                ('content_hash', fields.CharField(max_length=64)),
                ('status', fields.CharField(max_length=10)),
                ('title', fields.CharField(max_length=500)),
                ('layout', fields.CharField(max_length=20)),
                ('source_name', fields.CharField(default='', max_length=300)),
                ('document', fields.TextField(unique=False)),
                ('imported_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'standards_version', 'app': 'standards', 'unique_together': (('standard', 'number'), ('standard', 'content_hash')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LibraryCriterion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('standards.StandardVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='criteria', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('ref', fields.CharField(max_length=8)),
                ('kind', fields.CharField(max_length=12)),
                ('group', fields.TextField(unique=False)),
                ('text', fields.TextField(unique=False)),
            ],
            options={'table': 'standards_criterion', 'app': 'standards', 'unique_together': (('version', 'ref'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LibraryTerm',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('standards.StandardVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='terms', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('term', fields.CharField(max_length=300)),
                ('definition', fields.TextField(unique=False)),
                ('scope', fields.CharField(max_length=12)),
            ],
            options={'table': 'standards_term', 'app': 'standards', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
