"""The call models now live in the `calls` app (same tables): candidacies and scores point there,
and this app forgets them. Only Django's state changes; the database is untouched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('practices', '0010_practice_call_in_calls'),
        ('submissions', '0005_shared_card_sections'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='candidacy',
                name='call',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidacies', to='calls.call', verbose_name='avviso'),
            ),
            migrations.AlterField(
                model_name='historicalcandidacy',
                name='call',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calls.call', verbose_name='avviso'),
            ),
            migrations.AlterField(
                model_name='candidacy',
                name='accepted_declarations',
                field=models.ManyToManyField(blank=True, related_name='+', to='calls.declaration', verbose_name='dichiarazioni rese'),
            ),
            migrations.AlterField(
                model_name='score',
                name='criterion',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='calls.evaluationcriterion', verbose_name='criterio'),
            ),
            migrations.DeleteModel(name='HistoricalCall'),
            migrations.DeleteModel(name='HistoricalEvaluationCriterion'),
            migrations.DeleteModel(name='RequiredAttachment'),
            migrations.DeleteModel(name='Declaration'),
            migrations.DeleteModel(name='EvaluationCriterion'),
            migrations.DeleteModel(name='Call'),
        ]),
    ]
