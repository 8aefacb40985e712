from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0002_review_due')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SignInFailure',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=300)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_failure', 'app': 'core', 'indexes': [Index(fields=['key', 'at']), Index(fields=['at'])], 'pk_attr': 'id', 'table_description': 'A failed sign-in, under the keys it counts against (`account:<email>`,'},
            bases=['Model'],
        ),
    ]
