"""The OrganisationKind taxonomy goes: since the move to bodies a kind of organisation is a
`Body.Kind` (practices 0012 and submissions 0011 copied the old kinds there, submissions 0012
dropped the last foreign key to it), so its rows classified nothing any more.

The staff groups that give officers their bodies (0003) also get to view bodies: the officer
form finds a body by name through the admin's autocomplete, which answers only those who may
view bodies."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Istruttori ANCI", "Regione Puglia")


def grant_view_body(apps, schema_editor):
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view_body = Permission.objects.filter(content_type__app_label="practices", codename="view_body").first()
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(view_body)


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0018_practice_lead_participants_coverage'),
        # The candidacies' organisations pointed at OrganisationKind until this one.
        ('submissions', '0012_remove_comune_ambito_fields'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
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
        migrations.RunPython(grant_view_body, migrations.RunPython.noop),
    ]
