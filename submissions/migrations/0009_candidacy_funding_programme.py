"""A candidacy's funding lines name a programme of the funding chain. funding 0002 copied every
practices.FundingProgramme into funding.Programme with the same id, so the stored ids stay valid."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0002_from_practice_funding'),
        ('submissions', '0008_candidacy_lead'),
    ]

    operations = [
        migrations.AlterField(
            model_name='candidacyfunding',
            name='programme',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='funding.programme', verbose_name='linea di finanziamento'),
        ),
    ]
