"""Candidacy types as data: each call's pair of limit columns (ordinary practices, projects on
povertà educative) becomes two rows with the same limits, and the columns go."""

import django.db.models.deletion
from django.db import migrations, models


ORDINARY = "ordinaria"
EDUCATIONAL_POVERTY = "poverta_educativa"


def types_from_columns(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    CandidacyType = apps.get_model("calls", "CandidacyType")
    for call in Call.objects.all():
        CandidacyType.objects.create(call=call, slug=ORDINARY, name="Buona pratica", position=1,
                                     max_per_body=call.max_ordinary_per_body)
        # A call that did not allow these projects keeps the type with a limit of 0, as limit_for answered.
        CandidacyType.objects.create(
            call=call, slug=EDUCATIONAL_POVERTY, name="Progetto sulle povertà educative", position=2,
            max_per_body=call.max_educational_poverty_per_body if call.allows_educational_poverty else 0,
            practice_flag="educational_poverty")


def columns_from_types(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    for call in Call.objects.all():
        limits = dict(call.candidacy_types.values_list("slug", "max_per_body"))
        call.max_ordinary_per_body = limits.get(ORDINARY) or 0
        call.allows_educational_poverty = limits.get(EDUCATIONAL_POVERTY, 0) != 0
        call.max_educational_poverty_per_body = limits.get(EDUCATIONAL_POVERTY)
        call.save()


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CandidacyType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nome')),
                ('slug', models.SlugField(verbose_name='identificativo')),
                ('max_per_body', models.PositiveSmallIntegerField(blank=True, help_text='Quante candidature di questo tipo può presentare ciascun Comune o Ambito. Vuoto: nessun limite; 0: tipo non più ammesso.', null=True, verbose_name='candidature per ente')),
                ('practice_flag', models.CharField(blank=True, choices=[('educational_poverty', 'povertà educative')], help_text='Il contrassegno che la pratica riceve nel catalogo quando è pubblicata.', max_length=40, verbose_name='contrassegno della pratica pubblicata')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='ordine')),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidacy_types', to='calls.call', verbose_name='avviso')),
            ],
            options={
                'verbose_name': 'tipo di candidatura',
                'verbose_name_plural': 'tipi di candidatura',
                'ordering': ['call', 'position', 'id'],
                'constraints': [models.UniqueConstraint(fields=('call', 'slug'), name='candidacy_type_slug_once_per_call')],
            },
        ),
        migrations.RunPython(types_from_columns, columns_from_types),
        migrations.RemoveField(
            model_name='call',
            name='allows_educational_poverty',
        ),
        migrations.RemoveField(
            model_name='call',
            name='max_educational_poverty_per_body',
        ),
        migrations.RemoveField(
            model_name='call',
            name='max_ordinary_per_body',
        ),
        migrations.RemoveField(
            model_name='historicalcall',
            name='allows_educational_poverty',
        ),
        migrations.RemoveField(
            model_name='historicalcall',
            name='max_educational_poverty_per_body',
        ),
        migrations.RemoveField(
            model_name='historicalcall',
            name='max_ordinary_per_body',
        ),
    ]
