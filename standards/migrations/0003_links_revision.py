from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('standards', '0002_translations_and_units')]

    initial = False

    operations = [
        ops.AddField(
            model_name='StandardVersion',
            name='links_revision',
            field=fields.IntField(default=0),
        ),
    ]
