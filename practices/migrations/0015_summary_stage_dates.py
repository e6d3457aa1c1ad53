"""The summary (sintesi), the stage `progetto` and the exact dates of a practice. On PostgreSQL
the search trigger is rebuilt so the stored vector weighs the summary with the title
(practices/search_document.py), and every practice's vector is recomputed."""

from django.db import migrations, models

from practices.search_document import INITIAL_WEIGHTED_FIELDS, trigger_expression

FUNCTION = "practices_practice_search_document"  # the trigger function of 0007
# Written out: what this migration builds must not follow later changes of WEIGHTED_FIELDS.
WITH_SUMMARY = (("A", ("title", "summary")), *INITIAL_WEIGHTED_FIELDS[1:])


def _rebuild(schema_editor, weighted_fields):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {trigger_expression("NEW", weighted_fields)};
          RETURN NEW;
        END $$;
    """)
    schema_editor.execute("UPDATE practices_practice SET search_document = NULL")


def with_summary(apps, schema_editor):
    _rebuild(schema_editor, WITH_SUMMARY)


def without_summary(apps, schema_editor):
    _rebuild(schema_editor, INITIAL_WEIGHTED_FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0014_published_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpractice',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='data di conclusione'),
        ),
        migrations.AddField(
            model_name='historicalpractice',
            name='started_on',
            field=models.DateField(blank=True, null=True, verbose_name='data di avvio'),
        ),
        migrations.AddField(
            model_name='historicalpractice',
            name='summary',
            field=models.TextField(blank=True, help_text="Poche righe che presentano la pratica negli elenchi, nei risultati di ricerca e nei feed. Se manca, si usa l'inizio della prima sezione compilata.", verbose_name='sintesi'),
        ),
        migrations.AddField(
            model_name='practice',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='data di conclusione'),
        ),
        migrations.AddField(
            model_name='practice',
            name='started_on',
            field=models.DateField(blank=True, null=True, verbose_name='data di avvio'),
        ),
        migrations.AddField(
            model_name='practice',
            name='summary',
            field=models.TextField(blank=True, help_text="Poche righe che presentano la pratica negli elenchi, nei risultati di ricerca e nei feed. Se manca, si usa l'inizio della prima sezione compilata.", verbose_name='sintesi'),
        ),
        migrations.AlterField(
            model_name='historicalpractice',
            name='status',
            field=models.CharField(blank=True, choices=[('progetto', 'Progetto (non ancora avviato)'), ('in_corso', 'In corso'), ('conclusa', 'Conclusa')], max_length=20, verbose_name='stato'),
        ),
        migrations.AlterField(
            model_name='practice',
            name='status',
            field=models.CharField(blank=True, choices=[('progetto', 'Progetto (non ancora avviato)'), ('in_corso', 'In corso'), ('conclusa', 'Conclusa')], max_length=20, verbose_name='stato'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('started_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='practice_dates_in_order', violation_error_message='La data di conclusione non può precedere la data di avvio.'),
        ),
        migrations.RunPython(with_summary, without_summary),
    ]
