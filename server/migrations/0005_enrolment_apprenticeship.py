from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('core', '0004_enrolment_outcome')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Enrolment',
            name='apprenticeship',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Enrolment',
            name='employer_agreed_by',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Enrolment',
            name='employer_agreed_on',
            field=fields.DateField(null=True),
        ),
    ]
