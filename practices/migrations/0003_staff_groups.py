"""Staff groups of the back office, with their permissions.

Permissions are normally created after all migrations run; create them here first
so the groups get them on the very first migrate of an empty database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TAXONOMIES = ("tipologia", "policyarea", "targetgroup", "organisationkind", "involvementrole", "fundinglevel",
              "documentkind")
TERRITORY = ("region", "province", "comune", "ambito")
PRACTICE_DATA = ("practice", "organisation", "practiceorganisation", "fundingprogramme", "fundingentry",
                 "practicedocument", "publication")

GROUPS = {
    # ANCI Puglia reviewers: work on practices and their related records; read everything else.
    "Istruttori ANCI": {
        "practices": {
            **{model: ("view", "add", "change") for model in PRACTICE_DATA},
            **{model: ("view",) for model in TAXONOMIES + TERRITORY},
        },
        "submissions": {"call": ("view",)},
    },
    # Regione Puglia staff: own the reference data, the calls and the catalogue.
    "Regione Puglia": {
        "practices": {
            **{model: ("view", "add", "change", "delete") for model in PRACTICE_DATA + TAXONOMIES},
            "ambito": ("view", "add", "change"),
            **{model: ("view",) for model in ("region", "province", "comune")},
        },
        "submissions": {"call": ("view", "add", "change")},
    },
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, models in spec.items():
            for model, actions in models.items():
                for action in actions:
                    group.permissions.add(Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_initial"),
        ("submissions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
