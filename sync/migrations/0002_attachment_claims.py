from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('sync', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AttachmentRef',
            name='grants',
            field=fields.BooleanField(db_default=True),
        ),
        ops.AddField(
            model_name='AttachmentRef',
            name='user_id',
            field=fields.IntField(db_default=0),
        ),
    ]
