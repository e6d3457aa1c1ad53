"""accepts_comuni and accepts_ambiti go: 0003 moved them to accepted_kinds."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("calls", "0004_who_may_apply")]

    operations = [
        migrations.RemoveField(model_name="call", name="accepts_ambiti"),
        migrations.RemoveField(model_name="call", name="accepts_comuni"),
        migrations.RemoveField(model_name="historicalcall", name="accepts_ambiti"),
        migrations.RemoveField(model_name="historicalcall", name="accepts_comuni"),
        migrations.AlterField(
            model_name="call",
            name="region",
            field=models.ForeignKey(blank=True, help_text="Possono partecipare solo gli enti di questa regione.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="calls", to="practices.region", verbose_name="regione"),
        ),
        migrations.AlterField(
            model_name="candidacytype",
            name="max_per_body",
            field=models.PositiveSmallIntegerField(blank=True, help_text="Quante candidature di questo tipo può presentare ciascun ente. Vuoto: nessun limite; 0: tipo non più ammesso.", null=True, verbose_name="candidature per ente"),
        ),
        migrations.AlterField(
            model_name="historicalcall",
            name="region",
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Possono partecipare solo gli enti di questa regione.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="practices.region", verbose_name="regione"),
        ),
    ]
