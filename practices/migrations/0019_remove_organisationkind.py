"""The OrganisationKind taxonomy goes: since the move to bodies a kind of organisation is a
`Body.Kind` (practices 0012 and submissions 0011 copied the old kinds there, submissions 0012
dropped the last foreign key to it), so its rows classified nothing any more."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0018_practice_lead_participants_coverage'),
        # The candidacies' organisations pointed at OrganisationKind until this one.
        ('submissions', '0012_remove_comune_ambito_fields'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalorganisationkind',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='OrganisationKind',
        ),
        migrations.DeleteModel(
            name='HistoricalOrganisationKind',
        ),
    ]
