from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation_id', fields.IntField()),
                ('link_id', fields.IntField(unique=True)),
                ('email', fields.CharField(max_length=254)),
                ('display_name', fields.CharField(default='', max_length=200)),
                ('role', fields.CharField(max_length=20)),
                ('created_by_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('mail_id', fields.IntField(null=True)),
            ],
            options={'table': 'invitation', 'app': 'people', 'indexes': [Index(fields=['organisation_id', 'email'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
