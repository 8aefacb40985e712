from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('standards', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StandardTranslation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('standards.StandardVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='translations', on_delete=OnDelete.CASCADE)),
                ('organisation_id', fields.IntField(null=True)),
                ('language', fields.CharField(max_length=8)),
                ('title', fields.CharField(max_length=500)),
                ('content_hash', fields.CharField(max_length=64)),
                ('source_name', fields.CharField(default='', max_length=300)),
                ('document', fields.TextField(unique=False)),
                ('imported_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'standards_translation', 'app': 'standards', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Standard',
            name='framework',
            field=fields.CharField(default='nos', max_length=10),
        ),
    ]
