"""Rebuild the bulk downloads (CSV, XLSX, JSON) of the whole public catalogue if it changed.

Run it after publishing and from cron on large catalogues: above BULK_DOWNLOAD_SYNC_LIMIT
practices a download request serves the last file built instead of building one.
"""

import time

from django.core.management.base import BaseCommand

from api import bulk
from catalogue.exports import EXPORT_FORMATS


class Command(BaseCommand):
    help = "Ricostruisce gli scaricamenti completi del catalogo (CSV, XLSX, JSON) se i dati sono cambiati."

    def handle(self, **options):
        for export_format in EXPORT_FORMATS:
            started = time.monotonic()
            path = bulk.bulk_file(export_format, build=True)
            self.stdout.write(f"{export_format}: {path.name}, {path.stat().st_size:,} byte, "
                              f"{time.monotonic() - started:.1f} s")
