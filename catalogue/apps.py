from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"

    def ready(self):
        from .catalogue_cache import connect_signals

        connect_signals()
