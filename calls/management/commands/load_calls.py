from django.core.management.base import BaseCommand

from ...call_loader import DEFAULT_PATH, load_calls


class Command(BaseCommand):
    help = "Carica gli avvisi (regole, allegati, dichiarazioni, criteri) da fixtures/calls/calls.json."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PATH))
        parser.add_argument("--update", action="store_true", help="Aggiorna date e regole degli avvisi esistenti.")

    def handle(self, *args, **options):
        results = load_calls(options["file"], update=options["update"])
        created = sum(1 for _call, was_created in results if was_created)
        self.stdout.write(f"avvisi: {created} creati, {len(results) - created} già presenti")
