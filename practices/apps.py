"""The app's name as the back office shows it: without this file the admin home headed the
practices' models with the label Django derives from the package name, in English ("PRACTICES")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Pratiche, enti e territorio")
