from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"

    def ready(self):
        from buonepratiche.errors import register_identity_reader

        from . import identity
        from .catalogue_cache import connect_signals

        connect_signals()
        # The 400 and 500 pages name the site's bodies as every page does (buonepratiche/errors.py).
        register_identity_reader(identity.current)
