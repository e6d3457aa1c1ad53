"""Starting the schedules (ops/schedules.py) that are due: once per schedule and period, however
many schedulers run at the same time."""

import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from buonepratiche.jobs import enqueue

from .models import ScheduledRun
from .schedules import SCHEDULES

log = logging.getLogger("ops.scheduler")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period_start(schedule, now):
    return EPOCH + ((now - EPOCH) // schedule.every) * schedule.every


def run_due(now=None):
    """Enqueue every schedule whose current period has not been started yet; returns their names."""
    now = now or timezone.now()
    started = []
    for schedule in SCHEDULES:
        start = period_start(schedule, now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(schedule=schedule.name, period_start=start)
                result = enqueue(schedule.job)
                run.job_id = str(result.id)
                run.save(update_fields=["job_id"])
        except IntegrityError:
            continue  # another scheduler started it for this period
        log.info("schedule started", extra={"schedule": schedule.name, "period_start": start.isoformat(),
                                            "job_id": run.job_id})
        started.append(schedule.name)
    return started
