from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0005_enrolment_apprenticeship')]

    initial = False

    operations = [
        ops.CreateModel(
            name='InstallationSecret',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('value', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'installation_secret', 'app': 'core', 'pk_attr': 'name', 'table_description': 'A secret the installation generates once and every server process must share (the'},
            bases=['Model'],
        ),
    ]
