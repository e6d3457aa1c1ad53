from django.core.management.base import BaseCommand, CommandError

from practices.publication_loader import DEFAULT_PATH, PublicationDataError, load_publication

# Publication is feminine, avviso masculine.
OUTCOME = {
    "pubblicazione": {"created": "creata", "updated": "aggiornata", "unchanged": "già presente"},
    "avviso": {"created": "creato", "updated": "aggiornato", "unchanged": "già presente"},
}


class Command(BaseCommand):
    help = (
        "Carica le pratiche di una pubblicazione (predefinita: «Le buone pratiche del welfare locale», 2024). "
        "Crea solo ciò che manca: le pratiche già presenti non vengono toccate, salvo con --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="File JSON della pubblicazione.")
        parser.add_argument(
            "--update", action="store_true",
            help="Riporta al contenuto del file anche le pratiche e i dati già presenti (annulla le modifiche "
                 "fatte nel back office).",
        )

    def handle(self, *args, **options):
        try:
            report = load_publication(options["path"], update=options["update"])
        except (OSError, PublicationDataError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] < 1:
            return
        write = self.stdout.write
        write(f"pubblicazione: {OUTCOME['pubblicazione'][report.publication]}")
        write(f"avviso: {OUTCOME['avviso'][report.call]}")
        for label, counts, female in (
            ("ambiti", report.ambiti, False),
            ("enti", report.bodies, False),
            *report.parts,
        ):
            ending = "e" if female else "i"
            write(f"{label}: {counts.created} creat{ending}, {counts.updated} aggiornat{ending}, "
                  f"{counts.unchanged} invariat{ending}")
        line = f"pratiche: {report.practices_created} create, {report.practices_existing} già presenti"
        if options["update"]:
            line += f" (di cui {report.practices_restored} riportate al contenuto della pubblicazione)"
        elif report.practices_existing:
            line += " (lasciate invariate; --update per riportarle al contenuto della pubblicazione)"
        write(line)
