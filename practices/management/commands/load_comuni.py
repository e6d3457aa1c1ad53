from django.core.management.base import BaseCommand, CommandError

from practices.territory_loader import DEFAULT_CSV, TerritoryDataError, load_comuni


class Command(BaseCommand):
    help = "Carica regioni, province e comuni dall'elenco ISTAT (predefinito: solo la Puglia)."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--region", default="16", help="Codice ISTAT della regione (predefinito: 16, Puglia).")
        scope.add_argument("--all", action="store_true", help="Carica tutti i comuni italiani.")
        parser.add_argument("--file", default=str(DEFAULT_CSV), help="File CSV ISTAT da caricare.")

    def handle(self, *args, **options):
        region = None if options["all"] else options["region"].zfill(2)
        try:
            report = load_comuni(options["file"], region)
        except (OSError, TerritoryDataError) as exc:
            raise CommandError(str(exc)) from exc
        for kind in ("regioni", "province", "comuni"):
            self.stdout.write(
                f"{kind}: {report.created[kind]} creati, {report.updated[kind]} aggiornati, "
                f"{report.unchanged[kind]} invariati"
            )
