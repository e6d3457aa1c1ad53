"""The staff groups get the funding chain as they had the funding lines (practices 0003):
ANCI reviewers view, add and change it; Regione Puglia staff also delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("programme", "programmedocument", "fundingcall", "fundingcalldocument", "agreement", "agreementamount",
          "agreementdocument", "practicefunding")
GROUPS = {"Istruttori ANCI": ("view", "add", "change"), "Regione Puglia": ("view", "add", "change", "delete")}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("funding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="funding",
            codename__in=[f"{action}_{model}" for model in MODELS for action in actions]))


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_from_practice_funding"),
        ("practices", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
