"""Practice.call points to the Call model in its new app (same table: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('practices', '0009_document_upload_checks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='historicalpractice',
                name='call',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calls.call', verbose_name='avviso'),
            ),
            migrations.AlterField(
                model_name='practice',
                name='call',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='calls.call', verbose_name='avviso'),
            ),
        ]),
    ]
