"""The call models move here from `submissions`: same tables, so only Django's state changes
(no data is copied), and the content types follow so that permissions and admin history stay."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("call", "requiredattachment", "declaration", "evaluationcriterion", "historicalcall",
          "historicalevaluationcriterion")


def _relabel(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=target, model__in=MODELS).delete()
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def forwards(apps, schema_editor):
    _relabel(apps, "submissions", "calls")


def backwards(apps, schema_editor):
    _relabel(apps, "calls", "submissions")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('practices', '0008_published_at_index'),
        ('submissions', '0005_shared_card_sections'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Call',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='titolo')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='identificativo')),
                        ('act', models.CharField(blank=True, help_text='Ad esempio «Determinazione Dirigenziale n. 634 del 30.5.2023, BURP n. 51 del 15.6.2023».', max_length=255, verbose_name='atto di approvazione')),
                        ('description', models.TextField(blank=True, verbose_name='descrizione')),
                        ('opens_at', models.DateTimeField(verbose_name='apertura')),
                        ('closes_at', models.DateTimeField(verbose_name='scadenza')),
                        ('accepts_comuni', models.BooleanField(default=True, verbose_name='possono candidarsi i Comuni')),
                        ('accepts_ambiti', models.BooleanField(default=True, verbose_name='possono candidarsi gli Ambiti')),
                        ('max_ordinary_per_body', models.PositiveSmallIntegerField(default=1, help_text='Quante candidature ordinarie può presentare ciascun Comune o Ambito.', verbose_name='buone pratiche per ente')),
                        ('allows_educational_poverty', models.BooleanField(default=True, help_text="Oltre alla buona pratica, l'ente può candidare progetti sulle povertà educative.", verbose_name='ammessi progetti sulle povertà educative')),
                        ('max_educational_poverty_per_body', models.PositiveSmallIntegerField(blank=True, help_text='Lasciare vuoto per non porre limiti.', null=True, verbose_name='progetti sulle povertà educative per ente')),
                        ('decisions_communicated_at', models.DateTimeField(blank=True, null=True, verbose_name='esiti comunicati il')),
                        ('region', models.ForeignKey(blank=True, help_text='Possono partecipare i Comuni e gli Ambiti di questa regione.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='practices.region', verbose_name='regione')),
                    ],
                    options={
                        'verbose_name': 'avviso',
                        'verbose_name_plural': 'avvisi',
                        'db_table': 'submissions_call',
                        'ordering': ['-opens_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Declaration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='testo')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordine')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='declarations', to='calls.call', verbose_name='avviso')),
                    ],
                    options={
                        'verbose_name': 'dichiarazione richiesta',
                        'verbose_name_plural': 'dichiarazioni richieste',
                        'db_table': 'submissions_declaration',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='EvaluationCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='criterio')),
                        ('description', models.TextField(blank=True, verbose_name='descrizione')),
                        ('weight', models.DecimalField(decimal_places=2, default=1, help_text='Il punteggio del criterio (da 0 a 5) si moltiplica per questo peso.', max_digits=5, verbose_name='peso')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordine')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='calls.call', verbose_name='avviso')),
                    ],
                    options={
                        'verbose_name': 'criterio di valutazione',
                        'verbose_name_plural': 'criteri di valutazione',
                        'db_table': 'submissions_evaluationcriterion',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCall',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='titolo')),
                        ('slug', models.SlugField(max_length=100, verbose_name='identificativo')),
                        ('act', models.CharField(blank=True, help_text='Ad esempio «Determinazione Dirigenziale n. 634 del 30.5.2023, BURP n. 51 del 15.6.2023».', max_length=255, verbose_name='atto di approvazione')),
                        ('description', models.TextField(blank=True, verbose_name='descrizione')),
                        ('opens_at', models.DateTimeField(verbose_name='apertura')),
                        ('closes_at', models.DateTimeField(verbose_name='scadenza')),
                        ('accepts_comuni', models.BooleanField(default=True, verbose_name='possono candidarsi i Comuni')),
                        ('accepts_ambiti', models.BooleanField(default=True, verbose_name='possono candidarsi gli Ambiti')),
                        ('max_ordinary_per_body', models.PositiveSmallIntegerField(default=1, help_text='Quante candidature ordinarie può presentare ciascun Comune o Ambito.', verbose_name='buone pratiche per ente')),
                        ('allows_educational_poverty', models.BooleanField(default=True, help_text="Oltre alla buona pratica, l'ente può candidare progetti sulle povertà educative.", verbose_name='ammessi progetti sulle povertà educative')),
                        ('max_educational_poverty_per_body', models.PositiveSmallIntegerField(blank=True, help_text='Lasciare vuoto per non porre limiti.', null=True, verbose_name='progetti sulle povertà educative per ente')),
                        ('decisions_communicated_at', models.DateTimeField(blank=True, null=True, verbose_name='esiti comunicati il')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, help_text='Possono partecipare i Comuni e gli Ambiti di questa regione.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.region', verbose_name='regione')),
                    ],
                    options={
                        'verbose_name': 'historical avviso',
                        'verbose_name_plural': 'historical avvisi',
                        'db_table': 'submissions_historicalcall',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEvaluationCriterion',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='criterio')),
                        ('description', models.TextField(blank=True, verbose_name='descrizione')),
                        ('weight', models.DecimalField(decimal_places=2, default=1, help_text='Il punteggio del criterio (da 0 a 5) si moltiplica per questo peso.', max_digits=5, verbose_name='peso')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordine')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('call', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calls.call', verbose_name='avviso')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical criterio di valutazione',
                        'verbose_name_plural': 'historical criteri di valutazione',
                        'db_table': 'submissions_historicalevaluationcriterion',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='RequiredAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label', models.CharField(max_length=255, verbose_name='descrizione')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordine')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='required_attachments', to='calls.call', verbose_name='avviso')),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='practices.documentkind', verbose_name='tipo di documento')),
                    ],
                    options={
                        'verbose_name': 'allegato obbligatorio',
                        'verbose_name_plural': 'allegati obbligatori',
                        'db_table': 'submissions_requiredattachment',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='call',
                    constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='call_closes_after_opening', violation_error_message="La scadenza deve seguire l'apertura."),
                ),
                migrations.AddConstraint(
                    model_name='evaluationcriterion',
                    constraint=models.UniqueConstraint(fields=('call', 'name'), name='criterion_name_once_per_call'),
                ),
                migrations.AddConstraint(
                    model_name='evaluationcriterion',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='criterion_weight_positive', violation_error_message='Il peso deve essere positivo.'),
                ),
                migrations.AddConstraint(
                    model_name='requiredattachment',
                    constraint=models.UniqueConstraint(fields=('call', 'kind'), name='required_attachment_once'),
                ),
    
        ]),
        migrations.RunPython(forwards, backwards),
    ]
