from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"

    def ready(self):
        from practices.publishing import register_owner

        from .practice_owner import OWNER

        register_owner(OWNER)
