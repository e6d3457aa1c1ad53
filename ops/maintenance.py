"""Periodic upkeep run as jobs: the search index and the job table itself.

The search index is kept by the practice's save() (search_text) and, on PostgreSQL, by a
trigger (search_document, practices/migrations/0007). A row written around them (a bulk
update, a restore, an interrupted migration) can be left without it and then never matches a
search; readiness reports such rows (ops/readiness.py) and this job refills them.
"""

from datetime import timedelta

from django.core.management import call_command
from django.db import connection

from buonepratiche.jobs import job
from catalogue import catalogue_cache
from practices.models import Practice


def unindexed_practices():
    """Public practices the search cannot find: no stored vector (PostgreSQL) or no text (SQLite)."""
    if connection.vendor == "postgresql":
        return Practice.objects.public().filter(search_document__isnull=True)
    return Practice.objects.public().filter(search_text="")


@job
def refresh_search_index():
    fixed = 0
    for practice in unindexed_practices().iterator():
        practice.refresh_search_fields()
        # An UPDATE of the row: on PostgreSQL the trigger computes search_document from it.
        Practice.objects.filter(pk=practice.pk).update(place_names=practice.place_names,
                                                       search_text=practice.search_text)
        fixed += 1
    if fixed:
        catalogue_cache.invalidate()
    return fixed


# Finished jobs are kept this long for the admin and the metrics, failed ones longer (to replay).
KEEP_FINISHED = timedelta(days=30)
KEEP_FAILED = timedelta(days=90)


@job
def prune_finished_jobs():
    call_command("prune_db_task_results", min_age_days=KEEP_FINISHED.days,
                 failed_min_age_days=KEEP_FAILED.days, verbosity=0)
