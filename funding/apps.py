from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Finanziamenti")

    def ready(self):
        # practices loads the publication but cannot import funding (it sits to its right):
        # funding adds the publication's funding lines through the loader's hook.
        from practices.publication_loader import register_part
        from practices.resources import register_funding_writer

        from .lines import write_imported_lines
        from .publication import load_funding

        register_part(load_funding)
        register_funding_writer(write_imported_lines)
