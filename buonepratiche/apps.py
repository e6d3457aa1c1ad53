"""The project's own app: shared state (models.py) and its deployment checks (checks.py)."""

from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# Django 6.1's empty choice of every dropdown ("- Select an option -") has no Italian translation:
# the site names it in its own words (the override Django documents). Set when this module is
# imported, before any app's models, admin or forms are: form fields copy the label when they are
# declared, and the admin's modules are imported in an app's ready() that runs before ours.
fields.BLANK_CHOICE_LABEL = _("– Scegli –")


class BuonePraticheConfig(AppConfig):
    name = "buonepratiche"
    verbose_name = "Buone Pratiche"

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)
