"""The project's own app: shared state (models.py) and its deployment checks (checks.py)."""

from django.apps import AppConfig


class BuonePraticheConfig(AppConfig):
    name = "buonepratiche"
    verbose_name = "Buone Pratiche"

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)
