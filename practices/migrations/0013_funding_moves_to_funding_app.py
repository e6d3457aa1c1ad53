"""Funding lines and programmes now live in the funding app (funding 0002 copied them into the chain)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0012_bodies_from_proposers'),
        ('submissions', '0009_candidacy_funding_programme'),
        ('funding', '0002_from_practice_funding'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='fundingentry',
            name='funding_amount_not_negative',
        ),
        migrations.RemoveField(
            model_name='fundingprogramme',
            name='level',
        ),
        migrations.RemoveField(
            model_name='fundingentry',
            name='practice',
        ),
        migrations.RemoveField(
            model_name='fundingentry',
            name='programme',
        ),
        migrations.DeleteModel(
            name='HistoricalFundingProgramme',
        ),
        migrations.DeleteModel(
            name='FundingEntry',
        ),
        migrations.DeleteModel(
            name='FundingProgramme',
        ),
    ]
