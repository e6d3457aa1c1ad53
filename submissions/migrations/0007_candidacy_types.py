"""Each candidacy (and each row of its history) points to its call's candidacy type of the same
slug as its old `kind`, which then goes."""

import django.db.models.deletion
from django.db import migrations, models


def type_from_kind(apps, schema_editor):
    CandidacyType = apps.get_model("calls", "CandidacyType")
    types = {(t.call_id, t.slug): t.pk for t in CandidacyType.objects.all()}
    for model in ("Candidacy", "HistoricalCandidacy"):
        Model = apps.get_model("submissions", model)
        for row in Model.objects.all().only("pk", "call_id", "kind"):
            Model.objects.filter(pk=row.pk).update(type_id=types.get((row.call_id, row.kind)))


def kind_from_type(apps, schema_editor):
    CandidacyType = apps.get_model("calls", "CandidacyType")
    slugs = dict(CandidacyType.objects.values_list("pk", "slug"))
    for model in ("Candidacy", "HistoricalCandidacy"):
        Model = apps.get_model("submissions", model)
        for row in Model.objects.all().only("pk", "type_id"):
            Model.objects.filter(pk=row.pk).update(kind=slugs.get(row.type_id, "ordinaria"))


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0002_candidacy_types'),
        ('submissions', '0006_call_models_move_to_calls'),
    ]

    operations = [
        migrations.AddField(
            model_name='candidacy',
            name='type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='candidacies', to='calls.candidacytype', verbose_name='tipo di candidatura'),
        ),
        migrations.AddField(
            model_name='historicalcandidacy',
            name='type',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calls.candidacytype', verbose_name='tipo di candidatura'),
        ),
        migrations.RunPython(type_from_kind, kind_from_type),
        migrations.AlterField(
            model_name='candidacy',
            name='type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidacies', to='calls.candidacytype', verbose_name='tipo di candidatura'),
        ),
        migrations.RemoveField(
            model_name='candidacy',
            name='kind',
        ),
        migrations.RemoveField(
            model_name='historicalcandidacy',
            name='kind',
        ),
    ]
