from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('mail', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DigestChoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField(unique=True)),
                ('enabled', fields.BooleanField(default=False)),
                ('last_sent_on', fields.DateField(null=True)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'mail_digest', 'app': 'mail', 'pk_attr': 'id', 'table_description': "A person's choice of a daily e-mail digest of their reminders (absent: none), and the"},
            bases=['Model'],
        ),
    ]
