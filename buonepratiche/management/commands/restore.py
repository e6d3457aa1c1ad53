from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Ripristina database e file caricati da un archivio creato con «backup». Sostituisce i dati attuali."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Conferma la sostituzione dei dati attuali.")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("Il ripristino sostituisce tutti i dati attuali: ripetere con --yes per confermare.")
        try:
            manifest = restore_backup(options["archive"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"ripristinato il backup del {manifest['created_at']} "
                          f"({len(manifest['members'])} elementi verificati)")
