from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subscription_id', fields.IntField()),
                ('reminder_key', fields.CharField(max_length=160)),
                ('status', fields.CharField(max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'push_delivery', 'app': 'push', 'unique_together': (('subscription_id', 'reminder_key'),), 'indexes': [Index(fields=['created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Lease',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('holder', fields.CharField(max_length=80)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'push_lease', 'app': 'push', 'pk_attr': 'name'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrganisationSettings',
            fields=[
                ('organisation_id', fields.IntField(primary_key=True, unique=True, db_index=True)),
                ('time_zone', fields.CharField(default='Europe/London', max_length=64)),
                ('review_soon_days', fields.SmallIntField(default=7)),
                ('overdue_repeat_days', fields.SmallIntField(default=7)),
                ('queue_after_days', fields.SmallIntField(default=7)),
                ('queue_repeat_days', fields.SmallIntField(default=1)),
            ],
            options={'table': 'push_organisation', 'app': 'push', 'pk_attr': 'organisation_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScopeSeen',
            fields=[
                ('scope', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ('version', fields.BigIntField()),
            ],
            options={'table': 'push_scope_seen', 'app': 'push', 'pk_attr': 'scope'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Subscription',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField()),
                ('session_id', fields.IntField(unique=True)),
                ('endpoint', fields.TextField(unique=False)),
                ('endpoint_hash', fields.CharField(unique=True, max_length=64)),
                ('p256dh', fields.CharField(max_length=200)),
                ('auth', fields.CharField(max_length=100)),
                ('reviews', fields.BooleanField(default=True)),
                ('queue', fields.BooleanField(default=True)),
                ('feedback', fields.BooleanField(default=True)),
                ('quiet_start', fields.SmallIntField(null=True)),
                ('quiet_end', fields.SmallIntField(null=True)),
                ('time_zone', fields.CharField(default='Europe/London', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'push_subscription', 'app': 'push', 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
