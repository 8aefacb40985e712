from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0003_sign_in_failures')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Enrolment',
            name='ended_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Enrolment',
            name='outcome',
            field=fields.CharField(null=True, max_length=12),
        ),
    ]
