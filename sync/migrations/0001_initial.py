from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('sha256', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('size', fields.BigIntField()),
                ('received', fields.BigIntField(default=0)),
                ('complete', fields.BooleanField(default=False)),
                ('created_by', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_attachment', 'app': 'sync', 'pk_attr': 'sha256'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AttachmentRef',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sha256', fields.CharField(max_length=64)),
                ('scope', fields.CharField(max_length=80)),
            ],
            options={'table': 'sync_attachment_ref', 'app': 'sync', 'unique_together': (('sha256', 'scope'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeviceCounter',
            fields=[
                ('device_id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('user_id', fields.IntField()),
                ('last_applied', fields.BigIntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_device', 'app': 'sync', 'pk_attr': 'device_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScopeHead',
            fields=[
                ('scope', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ('version', fields.BigIntField(default=0)),
                ('purged_below', fields.BigIntField(default=0)),
            ],
            options={'table': 'sync_scope', 'app': 'sync', 'pk_attr': 'scope'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SyncMeta',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('value', fields.TextField(unique=False)),
            ],
            options={'table': 'sync_meta', 'app': 'sync', 'pk_attr': 'key'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SyncRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=80)),
                ('rid', fields.CharField(max_length=64)),
                ('entity', fields.CharField(max_length=40)),
                ('version', fields.BigIntField()),
                ('deleted', fields.BooleanField(default=False)),
                ('created_by', fields.IntField()),
                ('fields_json', fields.TextField(unique=False)),
                ('versions_json', fields.TextField(unique=False)),
                ('writers_json', fields.TextField(unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_record', 'app': 'sync', 'unique_together': (('scope', 'rid'),), 'indexes': [Index(fields=['scope', 'version'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
