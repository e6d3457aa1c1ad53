from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepara la banca dati: regioni, province e comuni di tutta Italia, tassonomie, le 21 pratiche pubblicate e, "
        "solo in sviluppo (DEBUG), i dati e gli account dimostrativi. Si può ripetere: non duplica nulla."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Non creare account e dati dimostrativi.")

    def handle(self, *args, **options):
        call_command("load_comuni", "--all", stdout=self.stdout)
        call_command("load_taxonomies", stdout=self.stdout)
        call_command("load_calls", stdout=self.stdout)
        call_command("load_publication", stdout=self.stdout)
        if settings.DEBUG and not options["no_demo"]:
            call_command("create_demo_data", stdout=self.stdout)
