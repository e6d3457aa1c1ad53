from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"

    def ready(self):
        # The hooks by which lower apps defer to this one without importing it.
        from buonepratiche.accounts import register_landing_rule
        from practices.publishing import register_owner

        from .landing import staff_without_body
        from .practice_owner import OWNER

        register_landing_rule(staff_without_body)
        register_owner(OWNER)
