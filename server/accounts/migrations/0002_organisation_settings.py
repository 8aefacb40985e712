from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OrganisationSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation_id', fields.IntField(unique=True)),
                ('default_review_rule', fields.CharField(default='calendar_3_months', max_length=20)),
                ('quiet_start', fields.SmallIntField(null=True)),
                ('quiet_end', fields.SmallIntField(null=True)),
                ('qa_sample_percent', fields.SmallIntField(default=10)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'organisation_settings', 'app': 'people', 'pk_attr': 'id', 'table_description': "An organisation's own choices, one row each (absent: the defaults)."},
            bases=['Model'],
        ),
    ]
