"""An officer's personal data on request: `--export FILE` writes it as JSON, `--erase --yes`
erases it (the candidacies and their history stay, without the officer's data)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from submissions import personal_data


class Command(BaseCommand):
    help = "Esporta o cancella i dati personali di un referente (GDPR, artt. 15 e 17)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="nome utente del referente")
        parser.add_argument("--export", metavar="FILE", help="scrive i dati in FILE (JSON); «-» per lo schermo")
        parser.add_argument("--erase", action="store_true", help="cancella i dati personali")
        parser.add_argument("--yes", action="store_true", help="conferma la cancellazione, che non si annulla")

    def handle(self, username, export=None, erase=False, yes=False, **options):
        if not export and not erase:
            raise CommandError("Indicare --export FILE, --erase o entrambi (prima l'esportazione).")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Nessun utente «{username}».") from None
        if erase and not yes:
            raise CommandError("La cancellazione non si può annullare: ripetere con --yes.")
        if export:
            text = json.dumps(personal_data.export(user), ensure_ascii=False, indent=2)
            if export == "-":
                self.stdout.write(text)
            else:
                with open(export, "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stdout.write(f"Dati di {username} scritti in {export}.")
        if erase:
            blanked = personal_data.erase(user)
            self.stdout.write(f"Dati personali di {username} cancellati: ora «{user.username}»; "
                              f"referente rimosso da {blanked} candidature, che restano con la loro cronologia.")
