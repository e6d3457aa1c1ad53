"""Every periodic job, in one place: what runs, and how often.

`manage.py run_scheduler` enqueues each job once per period (ops/models.py: one row per
schedule and period, so several schedulers still start it once); the worker runs it. Periods
are aligned to the clock (every 15 minutes: at :00, :15, …; daily: at midnight UTC).
"""

from dataclasses import dataclass
from datetime import timedelta

from api.bulk import rebuild_bulk_downloads
from buonepratiche.ratelimit import prune_rate_counters

from .maintenance import prune_finished_jobs, refresh_search_index


@dataclass(frozen=True)
class Schedule:
    name: str
    job: object
    every: timedelta


SCHEDULES = [
    # The open-data files follow the catalogue; a format already current is not rebuilt.
    Schedule("scaricamenti-completi", rebuild_bulk_downloads, timedelta(minutes=15)),
    Schedule("indice-di-ricerca", refresh_search_index, timedelta(hours=1)),
    Schedule("pulizia-lavori", prune_finished_jobs, timedelta(days=1)),
    # The request limits' windows that are over (buonepratiche/ratelimit.py).
    Schedule("pulizia-limiti", prune_rate_counters, timedelta(minutes=15)),
]
