from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Enrolment',
            name='last_review_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Enrolment',
            name='next_review_due',
            field=fields.DateField(null=True),
        ),
        ops.AddIndex(
            model_name='Enrolment',
            index=Index(fields=['ended_at', 'next_review_due']),
        ),
    ]
