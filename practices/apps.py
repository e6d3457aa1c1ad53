from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"

    def ready(self):
        from .catalogue_cache import connect_signals

        connect_signals()
