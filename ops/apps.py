from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("Esercizio del servizio")

    def ready(self):
        from . import collectors, signals  # noqa: F401  (metrics read at scrape time; login counters)
