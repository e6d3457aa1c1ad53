"""Who may apply: the kinds of body (a list of Body.Kind values; empty: any kind) and,
besides the region, optional provinces. accepts_comuni becomes the kind «comune»,
accepts_ambiti the kind «ambito» (0004 then removes the two booleans, in a transaction of its own
as PostgreSQL requires after updating the rows)."""

from django.db import migrations, models


def kinds_from_flags(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    for call in Call.objects.all():
        call.accepted_kinds = [kind for kind, accepted in (("comune", call.accepts_comuni),
                                                             ("ambito", call.accepts_ambiti)) if accepted]
        call.save(update_fields=["accepted_kinds"])


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0003_stage_rules"),
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
    ]
