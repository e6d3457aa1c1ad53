import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Crea gli account dimostrativi (solo con DEBUG attivo). La password è DEMO_PASSWORD "
        "(predefinita: «demo»). Gli account già esistenti non vengono toccati."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Gli account dimostrativi si creano solo in sviluppo (DJANGO_DEBUG=1).")
        password = os.environ.get("DEMO_PASSWORD", "demo")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org",
                      "first_name": "Amministratore", "last_name": "Demo"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(f"account dimostrativi: admin {'creato' if created else 'già presente'}")
