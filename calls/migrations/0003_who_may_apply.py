"""Who may apply: the kinds of body (a list of Body.Kind values; empty: any kind) and,
besides the region, optional provinces. accepts_comuni becomes the kind «comune»,
accepts_ambiti the kind «ambito»."""

import django.db.models.deletion
from django.db import migrations, models


def kinds_from_flags(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    for call in Call.objects.all():
        call.accepted_kinds = [kind for kind, accepted in (("comune", call.accepts_comuni),
                                                             ("ambito", call.accepts_ambiti)) if accepted]
        call.save(update_fields=["accepted_kinds"])


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0002_candidacy_types"),
        ("practices", "0012_bodies_from_proposers"),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="accepted_kinds",
            field=models.JSONField(blank=True, default=list, help_text="I tipi di ente che possono candidarsi. Nessuno: tutti i tipi.", verbose_name="tipi di ente ammessi"),
        ),
        migrations.AddField(
            model_name="historicalcall",
            name="accepted_kinds",
            field=models.JSONField(blank=True, default=list, help_text="I tipi di ente che possono candidarsi. Nessuno: tutti i tipi.", verbose_name="tipi di ente ammessi"),
        ),
        migrations.AddField(
            model_name="call",
            name="provinces",
            field=models.ManyToManyField(blank=True, help_text="Se indicate, possono partecipare solo gli enti di queste province.", related_name="calls", to="practices.province", verbose_name="province"),
        ),
        migrations.RunPython(kinds_from_flags, migrations.RunPython.noop),
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
