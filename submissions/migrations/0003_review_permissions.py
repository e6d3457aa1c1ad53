"""Give the staff groups their permissions on candidacies, the review and officer accounts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEW_RECORDS = ("candidacyattachment", "candidacyevent", "candidacyfunding", "candidacyorganisation",
                  "admissibilitycheck", "score")
CALL_PARTS = ("requiredattachment", "declaration", "evaluationcriterion")

GROUPS = {
    # ANCI Puglia runs the review and manages officer accounts.
    "Istruttori ANCI": {
        "candidacy": ("view", "change", "review", "assign", "publish"),
        **{model: ("view",) for model in REVIEW_RECORDS + CALL_PARTS},
        "officer": ("view", "add", "change"),
        "bodymembership": ("view", "add", "change", "delete"),
    },
    # The Region owns the calls, follows the review and may take a practice off the catalogue.
    "Regione Puglia": {
        "call": ("view", "add", "change"),
        **{model: ("view", "add", "change", "delete") for model in CALL_PARTS},
        "candidacy": ("view", "publish"),
        **{model: ("view",) for model in REVIEW_RECORDS},
        "officer": ("view",),
        "bodymembership": ("view",),
    },
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for model, actions in spec.items():
            for action in actions:
                group.permissions.add(Permission.objects.get(
                    content_type__app_label="submissions", codename=f"{action}_{model}"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GROUPS:
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label="submissions").exclude(codename="view_call"))


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_candidacies_and_review"),
        ("practices", "0005_postgres_search"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
