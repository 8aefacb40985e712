from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0002_organisation_settings')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OrganisationSettings',
            name='retention_years',
            field=fields.SmallIntField(default=6, db_default=6),
        ),
    ]
