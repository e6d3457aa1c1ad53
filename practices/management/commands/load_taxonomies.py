from django.core.management.base import BaseCommand

from practices.taxonomy_loader import DEFAULT_TAXONOMIES, load_taxonomies


class Command(BaseCommand):
    help = "Crea le voci mancanti delle tassonomie (tipologie, aree, destinatari, …); non modifica quelle esistenti."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_TAXONOMIES))

    def handle(self, *args, **options):
        created, existing = load_taxonomies(options["file"])
        self.stdout.write(f"tassonomie: {created} voci create, {existing} già presenti")
