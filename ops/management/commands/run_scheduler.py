"""The scheduler process: every `--interval` seconds, enqueue the schedules that are due
(ops/schedules.py). Safe to run on every app server: each period starts once."""

import time

from django.core.management.base import BaseCommand

from ops.scheduler import run_due


class Command(BaseCommand):
    help = "Accoda i lavori periodici dovuti (ops/schedules.py); con --once una volta sola."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="Secondi tra due controlli.")
        parser.add_argument("--once", action="store_true", help="Un solo controllo, poi esce.")

    def handle(self, *, interval, once, **options):
        while True:
            for name in run_due():
                self.stdout.write(f"avviato: {name}")
            if once:
                return
            time.sleep(interval)
