"""Ambiti as governed bodies: the capofila becomes a body, other bodies may be members, the
Ufficio di Piano's hours and contact role, the health district, the form of association and the
Piani di Zona."""

from importlib import import_module

import buonepratiche.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# Bodies are made exactly as the migration that introduced them makes them.
_bodies = import_module("practices.migrations.0012_bodies_from_proposers")


def _check_constraints_now(schema_editor):
    """On PostgreSQL the rows written above leave deferred foreign-key checks pending, and the
    same migration then alters those tables: ALTER TABLE refuses while checks are pending
    ("pending trigger events"), so they are run now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def capofila_to_body(apps, schema_editor):
    """Every capofila Comune (of an Ambito and of its history) is now named by the Comune's body.
    Every Ambito has its body too (an Ambito is a body): those loaded after 0012 had none."""
    Body = apps.get_model("practices", "Body")
    for ambito in apps.get_model("practices", "Ambito").objects.select_related("capofila__province", "province"):
        _bodies.body_for_ambito(Body, ambito)
    for model_name in ("Ambito", "HistoricalAmbito"):
        model = apps.get_model("practices", model_name)
        for ambito in model.objects.exclude(capofila=None).select_related("capofila__province__region"):
            model.objects.filter(pk=ambito.pk).update(capofila_body=_bodies.body_for_comune(Body, ambito.capofila))
    _check_constraints_now(schema_editor)


def capofila_to_comune(apps, schema_editor):
    for model_name in ("Ambito", "HistoricalAmbito"):
        model = apps.get_model("practices", model_name)
        for ambito in model.objects.filter(capofila_body__kind="comune").select_related("capofila_body"):
            model.objects.filter(pk=ambito.pk).update(capofila=ambito.capofila_body.comune_id)
    _check_constraints_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0015_summary_stage_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The capofila becomes a body (a Comune's, or a Consorzio, an Unione…): a new column, filled
        # with the body of the capofila Comune, then put in the old one's place.
        migrations.AddField(
            model_name='ambito',
            name='capofila_body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ambiti_capofila', to='practices.body'),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='capofila_body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.body'),
        ),
        migrations.RunPython(capofila_to_body, capofila_to_comune),
        migrations.RemoveField(model_name='ambito', name='capofila'),
        migrations.RemoveField(model_name='historicalambito', name='capofila'),
        migrations.RenameField(model_name='ambito', old_name='capofila_body', new_name='capofila'),
        migrations.RenameField(model_name='historicalambito', old_name='capofila_body', new_name='capofila'),
        migrations.AlterField(
            model_name='ambito',
            name='capofila',
            field=models.ForeignKey(blank=True, help_text="Di solito un Comune; può essere un'Unione, un Consorzio o un'azienda consortile.", limit_choices_to=models.Q(('kind', 'ambito'), _negated=True), null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ambiti_capofila', to='practices.body', verbose_name='ente capofila'),
        ),
        migrations.AlterField(
            model_name='historicalambito',
            name='capofila',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Di solito un Comune; può essere un'Unione, un Consorzio o un'azienda consortile.", limit_choices_to=models.Q(('kind', 'ambito'), _negated=True), null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.body', verbose_name='ente capofila'),
        ),
        migrations.AddField(
            model_name='ambito',
            name='association_form',
            field=models.CharField(blank=True, choices=[('convenzione', 'Convenzione (art. 30 TUEL)'), ('consorzio', 'Consorzio (art. 31 TUEL)'), ('unione_comuni', 'Unione di Comuni (art. 32 TUEL)'), ('azienda_consortile', 'Azienda consortile'), ('accordo_di_programma', 'Accordo di programma (art. 34 TUEL)'), ('altro', 'Altra forma')], help_text="Come i Comuni dell'Ambito gestiscono insieme i servizi sociali.", max_length=30, verbose_name='forma associativa'),
        ),
        migrations.AddField(
            model_name='ambito',
            name='health_authority',
            field=models.ForeignKey(blank=True, help_text="L'azienda sanitaria a cui il distretto appartiene.", limit_choices_to={'kind': 'azienda_sanitaria'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ambiti_served', to='practices.body', verbose_name='azienda sanitaria'),
        ),
        migrations.AddField(
            model_name='ambito',
            name='health_district',
            field=models.CharField(blank=True, help_text='Il nome o il numero del distretto, ad esempio «DSS n. 3».', max_length=150, verbose_name='distretto socio-sanitario'),
        ),
        migrations.AddField(
            model_name='ambito',
            name='member_bodies',
            field=models.ManyToManyField(blank=True, help_text="Enti diversi dai Comuni che fanno parte dell'Ambito: una Comunità Montana, un'Unione…", limit_choices_to=models.Q(('kind__in', ['comune', 'ambito']), _negated=True), related_name='member_of_ambiti', to='practices.body', verbose_name='altri enti associati'),
        ),
        migrations.AddField(
            model_name='ambito',
            name='office_contact_role',
            field=models.CharField(blank=True, help_text="Il ruolo della persona da contattare (ad esempio «Coordinatore dell'Ufficio di Piano»), non il suo nome: solo contatti pubblici.", max_length=255, verbose_name="referente dell'Ufficio di Piano"),
        ),
        migrations.AddField(
            model_name='ambito',
            name='office_hours',
            field=models.CharField(blank=True, help_text='Ad esempio «lunedì e giovedì 9-12».', max_length=255, verbose_name="orari dell'Ufficio di Piano"),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='association_form',
            field=models.CharField(blank=True, choices=[('convenzione', 'Convenzione (art. 30 TUEL)'), ('consorzio', 'Consorzio (art. 31 TUEL)'), ('unione_comuni', 'Unione di Comuni (art. 32 TUEL)'), ('azienda_consortile', 'Azienda consortile'), ('accordo_di_programma', 'Accordo di programma (art. 34 TUEL)'), ('altro', 'Altra forma')], help_text="Come i Comuni dell'Ambito gestiscono insieme i servizi sociali.", max_length=30, verbose_name='forma associativa'),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='health_authority',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="L'azienda sanitaria a cui il distretto appartiene.", limit_choices_to={'kind': 'azienda_sanitaria'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.body', verbose_name='azienda sanitaria'),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='health_district',
            field=models.CharField(blank=True, help_text='Il nome o il numero del distretto, ad esempio «DSS n. 3».', max_length=150, verbose_name='distretto socio-sanitario'),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='office_contact_role',
            field=models.CharField(blank=True, help_text="Il ruolo della persona da contattare (ad esempio «Coordinatore dell'Ufficio di Piano»), non il suo nome: solo contatti pubblici.", max_length=255, verbose_name="referente dell'Ufficio di Piano"),
        ),
        migrations.AddField(
            model_name='historicalambito',
            name='office_hours',
            field=models.CharField(blank=True, help_text='Ad esempio «lunedì e giovedì 9-12».', max_length=255, verbose_name="orari dell'Ufficio di Piano"),
        ),
        migrations.AlterField(
            model_name='ambito',
            name='code',
            field=models.CharField(blank=True, help_text="Il numero o codice dell'Ambito nel piano della regione, se noto.", max_length=20, verbose_name='numero o codice'),
        ),
        migrations.AlterField(
            model_name='historicalambito',
            name='code',
            field=models.CharField(blank=True, help_text="Il numero o codice dell'Ambito nel piano della regione, se noto.", max_length=20, verbose_name='numero o codice'),
        ),
        migrations.CreateModel(
            name='HistoricalZonePlan',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(blank=True, help_text='Come il piano è intitolato negli atti; se vuoto, «Piano Sociale di Zona» con il periodo.', max_length=500, verbose_name='titolo')),
                ('start_year', models.PositiveSmallIntegerField(verbose_name='dal')),
                ('end_year', models.PositiveSmallIntegerField(verbose_name='al')),
                ('adoption_act', models.CharField(blank=True, help_text='Ad esempio «Deliberazione del Coordinamento istituzionale n. 4 del 15/03/2022».', max_length=500, verbose_name='atto di adozione')),
                ('url', models.URLField(blank=True, max_length=1000, verbose_name='indirizzo web del piano')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('ambito', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.ambito', verbose_name='ambito')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical piano sociale di zona',
                'verbose_name_plural': 'historical piani sociali di zona',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ZonePlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(blank=True, help_text='Come il piano è intitolato negli atti; se vuoto, «Piano Sociale di Zona» con il periodo.', max_length=500, verbose_name='titolo')),
                ('start_year', models.PositiveSmallIntegerField(verbose_name='dal')),
                ('end_year', models.PositiveSmallIntegerField(verbose_name='al')),
                ('adoption_act', models.CharField(blank=True, help_text='Ad esempio «Deliberazione del Coordinamento istituzionale n. 4 del 15/03/2022».', max_length=500, verbose_name='atto di adozione')),
                ('url', models.URLField(blank=True, max_length=1000, verbose_name='indirizzo web del piano')),
                ('ambito', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zone_plans', to='practices.ambito', verbose_name='ambito')),
            ],
            options={
                'verbose_name': 'piano sociale di zona',
                'verbose_name_plural': 'piani sociali di zona',
                'ordering': ['ambito', 'start_year', 'end_year'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end_year__gte', models.F('start_year'))), name='zone_plan_period_in_order', violation_error_message="L'anno di fine del piano non può precedere quello di inizio."), models.UniqueConstraint(fields=('ambito', 'start_year', 'end_year'), name='zone_plan_one_per_period', violation_error_message='Questo Ambito ha già un Piano di Zona per questo periodo.')],
            },
            bases=(buonepratiche.validators.TextGuard, models.Model),
        ),
    ]
