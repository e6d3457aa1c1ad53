"""A published practice always has a publication date: rows published without one get the time
they were last changed (else created), the best evidence of when they went public; then the
database refuses a published practice without a date."""

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Coalesce


def date_published_practices(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    Practice.objects.filter(is_published=True, published_at__isnull=True).update(
        published_at=Coalesce("updated_at", "created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0013_funding_moves_to_funding_app"),
    ]

    operations = [
        migrations.RunPython(date_published_practices, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="practice_published_has_date",
                violation_error_message="Una pratica pubblicata ha una data di pubblicazione.",
            ),
        ),
    ]
