from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Salva in un archivio .tar.gz il database e i file caricati (pubblici e riservati)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "backups"),
                            help="Cartella in cui scrivere l'archivio (predefinita: backups/).")

    def handle(self, *args, **options):
        try:
            path = create_backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup scritto in {path}")
