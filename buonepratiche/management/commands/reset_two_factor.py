"""`manage.py reset_two_factor <username>`: an administrator's way out for a user who lost the phone
and the recovery codes. Staff are asked to enrol a new app at their next page; officers sign in with
the password alone until they turn it on again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from buonepratiche.two_factor import reset


class Command(BaseCommand):
    help = "Rimuove l'app di autenticazione e i codici di recupero di un utente (telefono perso)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Nessun utente con nome «{username}».") from None
        reset(user)
        self.stdout.write(f"Verifica in due passaggi reimpostata per «{username}»: al prossimo accesso "
                          "dovrà attivarla di nuovo (obbligatoria per lo staff).")
