from django.core.management.base import BaseCommand

from ...generator import remove_all


class Command(BaseCommand):
    help = "Elimina tutte le pratiche sintetiche e i loro dati collegati. Le pratiche reali non vengono toccate."

    def handle(self, *args, **options):
        self.stdout.write(f"pratiche sintetiche eliminate: {remove_all()}")
