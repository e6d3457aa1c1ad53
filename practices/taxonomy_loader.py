"""Create the reference taxonomies from fixtures/taxonomies.json.

Only missing terms are created: a term that staff renamed or described in the
back office is never overwritten by a later setup run.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction

DEFAULT_TAXONOMIES = Path(settings.BASE_DIR) / "fixtures" / "taxonomies.json"


@transaction.atomic
def load_taxonomies(path=DEFAULT_TAXONOMIES):
    created, existing = 0, 0
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        model = apps.get_model(item["model"])
        fields = dict(item["fields"])
        _obj, was_created = model.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        created += was_created
        existing += not was_created
    return created, existing
