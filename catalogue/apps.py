from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    # The admin home heads the app with this (Django's default is the package name, in English).
    verbose_name = _("Catalogo pubblico")

    def ready(self):
        from buonepratiche.errors import register_identity_reader

        from . import identity
        from .catalogue_cache import connect_signals

        connect_signals()
        # The 400 and 500 pages name the site's bodies as every page does (buonepratiche/errors.py).
        register_identity_reader(identity.current)
