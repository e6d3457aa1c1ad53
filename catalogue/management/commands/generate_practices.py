import time

from django.core.management.base import BaseCommand, CommandError

from ...generator import GeneratorError, generate


class Command(BaseCommand):
    help = (
        "Genera N pratiche sintetiche per le prove di carico (marcate come sintetiche, mai mostrate come reali "
        "salvo SHOW_SYNTHETIC_PRACTICES). Stesso seme, stesse pratiche; si può ripetere o riprendere."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count, seed, batch_size, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("Indicare un numero di pratiche non negativo e un lotto di almeno 1.")
        started = time.monotonic()
        try:
            created = generate(count, seed=seed, batch_size=batch_size,
                               progress=lambda n: self.stdout.write(f"  … {n} create", ending="\r"))
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(f"pratiche sintetiche: {created} create ({count - created} già presenti) "
                          f"in {elapsed:.1f} s")
