"""Practice.lead and its participants become the one record of who runs a practice: the lead is
required; the old proposer fields, partner Comuni and organisations go (0012 copied them into
bodies, 0017 corrected them). Stated coverage (regions, provinces, comuni) is added for practices
wider than their bodies."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0017_bodies_corrected_before_proposers_go'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalorganisation',
            name='comune',
        ),
        migrations.RemoveField(
            model_name='historicalorganisation',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalorganisation',
            name='kind',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='comune',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='kind',
        ),
        migrations.RemoveConstraint(
            model_name='practiceorganisation',
            name='practice_organisation_once',
        ),
        migrations.RemoveConstraint(
            model_name='practice',
            name='practice_exactly_one_proposer',
        ),
        migrations.RemoveField(
            model_name='historicalpractice',
            name='proposing_ambito',
        ),
        migrations.RemoveField(
            model_name='historicalpractice',
            name='proposing_comune',
        ),
        migrations.AddField(
            model_name='practice',
            name='covered_comuni',
            field=models.ManyToManyField(blank=True, help_text='Solo se la pratica copre più dei territori dei suoi enti.', related_name='covering_practices', to='practices.comune', verbose_name='comuni coperti'),
        ),
        migrations.AddField(
            model_name='practice',
            name='covered_provinces',
            field=models.ManyToManyField(blank=True, help_text='Solo se la pratica copre più dei territori dei suoi enti.', related_name='covering_practices', to='practices.province', verbose_name='province coperte'),
        ),
        migrations.AddField(
            model_name='practice',
            name='covered_regions',
            field=models.ManyToManyField(blank=True, help_text='Solo se la pratica copre più dei territori dei suoi enti.', related_name='covering_practices', to='practices.region', verbose_name='regioni coperte'),
        ),
        migrations.AlterField(
            model_name='historicalpractice',
            name='lead',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="L'ente che propone e guida la pratica; gli altri enti vanno tra i partecipanti.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.body', verbose_name='ente capofila'),
        ),
        migrations.AlterField(
            model_name='practice',
            name='lead',
            field=models.ForeignKey(help_text="L'ente che propone e guida la pratica; gli altri enti vanno tra i partecipanti.", on_delete=django.db.models.deletion.PROTECT, related_name='led_practices', to='practices.body', verbose_name='ente capofila'),
        ),
        migrations.DeleteModel(
            name='HistoricalOrganisation',
        ),
        migrations.RemoveField(
            model_name='practiceorganisation',
            name='organisation',
        ),
        migrations.RemoveField(
            model_name='practiceorganisation',
            name='practice',
        ),
        migrations.RemoveField(
            model_name='practiceorganisation',
            name='role',
        ),
        migrations.RemoveField(
            model_name='practice',
            name='partner_comuni',
        ),
        migrations.RemoveField(
            model_name='practice',
            name='proposing_ambito',
        ),
        migrations.RemoveField(
            model_name='practice',
            name='proposing_comune',
        ),
        migrations.DeleteModel(
            name='Organisation',
        ),
        migrations.DeleteModel(
            name='PracticeOrganisation',
        ),
    ]
