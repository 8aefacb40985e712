from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('push', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Delivery',
            name='channel',
            field=fields.CharField(default='push', db_default='push', max_length=8),
        ),
        ops.AddField(
            model_name='Delivery',
            name='payload',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Delivery',
            name='shown_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Delivery',
            name='tapped_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Delivery',
            name='user_id',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddIndex(
            model_name='Delivery',
            index=Index(fields=['user_id', 'created_at']),
        ),
        ops.AddField(
            model_name='Subscription',
            name='failures',
            field=fields.SmallIntField(default=0, db_default=0),
        ),
    ]
