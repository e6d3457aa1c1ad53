"""Background jobs on Django's tasks framework (django.tasks, stored by django-tasks-db and run
by `manage.py db_worker`), with the two things the framework leaves out:

- retries with back-off. django-tasks-db runs a job once and marks it failed. A job declared with
  `@job` that raises is enqueued again as a new attempt, to run after the next of
  JOB_RETRY_DELAYS (seconds); the failed attempt keeps its error, so the admin shows every
  attempt, and the last one, when no delay is left, stays failed for good (ops/admin.py).
- the request id. `enqueue()` stores the id of the request (or job) that enqueued the job in
  its arguments; the worker sets it again while the job runs, so the job's log lines carry it.

Both travel in the keyword argument `_job` (attempt, request id, the attempt it retries), which
the wrapper takes out before calling the function.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from .request_context import new_id, request_id

log = logging.getLogger("buonepratiche.jobs")


def job(function=None, **task_options):
    """Declare a background job: `@job` or `@job(priority=…, queue_name=…)` over a function
    whose arguments are JSON values. Enqueue it with `enqueue(the_job, *args, **kwargs)`."""
    def declare(func):
        @functools.wraps(func)
        def run(context, *args, _job=None, **kwargs):
            meta = _job or {}
            attempt = meta.get("attempt", 1)
            token = request_id.set(meta.get("request_id") or new_id())
            fields = {"job": context.task_result.task.name, "job_id": str(context.task_result.id), "attempt": attempt}
            log.info("job started", extra=fields)
            try:
                result = func(*args, **kwargs)
            except Exception as error:
                _retry_or_give_up(context, args, kwargs, meta, error, fields)
                raise
            else:
                log.info("job finished", extra=fields)
                return result
            finally:
                request_id.reset(token)

        # The task is found again by the function's module and name (copied by wraps); its
        # signature must be run's own, whose first argument is the context.
        del run.__wrapped__
        return task(takes_context=True, **task_options)(run)

    return declare(function) if function else declare


def _retry_or_give_up(context, args, kwargs, meta, error, fields):
    """Log lines name the error's class only: its message may hold an address (a refused
    recipient); the whole error is in the job's row, for staff."""
    attempt = fields["attempt"]
    delays = settings.JOB_RETRY_DELAYS
    the_task = context.task_result.task
    if attempt > len(delays) or not the_task.get_backend().supports_defer:
        log.error("job failed for good: %s", type(error).__name__, extra=fields)
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
    retry = the_task.using(run_after=run_after).enqueue(*args, **kwargs, _job={
        **meta, "attempt": attempt + 1, "retry_of": fields["job_id"], "request_id": request_id.get()})
    log.warning("job failed, retry %s at %s: %s", retry.id, run_after.isoformat(), type(error).__name__,
                extra=fields)


def enqueue(the_job, *args, **kwargs):
    """Enqueue a job declared with @job, carrying the current request id."""
    return the_job.enqueue(*args, **kwargs, _job={"attempt": 1, "request_id": request_id.get()})


def enqueue_once(the_job, *args, **kwargs):
    """Enqueue `the_job` unless an attempt of it is already waiting or running (a rebuild asked
    for by every download until the worker takes it would pile up)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=the_job.module_path, status__in=["READY", "RUNNING"])
    if not waiting.exists():
        return enqueue(the_job, *args, **kwargs)
    return None
