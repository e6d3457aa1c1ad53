from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    # The admin home heads the app with this (Django's default is the package name, in English).
    verbose_name = _("Candidature e istruttoria")

    def ready(self):
        # The hooks by which lower apps defer to this one without importing it.
        from buonepratiche.accounts import register_landing_rule
        from practices.publishing import register_owner

        from .landing import staff_without_body
        from .practice_owner import OWNER

        register_landing_rule(staff_without_body)
        register_owner(OWNER)
