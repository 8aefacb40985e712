from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='MailMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation_id', fields.IntField(null=True)),
                ('purpose', fields.CharField(max_length=20)),
                ('recipient', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('text_body', fields.TextField()),
                ('html_body', fields.TextField()),
                ('state', fields.CharField(default='waiting', max_length=12)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'mail_outbox', 'app': 'mail', 'indexes': [Index(fields=['state', 'next_attempt_at']), Index(fields=['organisation_id', 'state'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
