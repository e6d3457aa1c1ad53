"""The readiness checks behind /salute/pronto/: can this instance serve and do its work now?

Each check answers None when fine, or a short reason; every one runs (a failing database does
not hide a full disk) and is timed. Thresholds come from settings (READINESS_*).
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from buonepratiche.request_context import new_id


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_check():
    key = f"readiness:{new_id()}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        return "la cache non restituisce quanto scritto"
    cache.delete(key)
    return None


def job_queue():
    """The oldest job that could run but has not started: the worker is down or falling behind."""
    lag = queue_lag_seconds()
    if lag > settings.READINESS_MAX_QUEUE_LAG:
        return f"il lavoro più vecchio attende da {int(lag)} s"
    return None


def queue_lag_seconds():
    """How long the longest-waiting runnable job has been runnable (0 with none)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now, no_delay = timezone.now(), get_date_max()
    runnable_since = [enqueued if run_after == no_delay else max(enqueued, run_after) for enqueued, run_after in
                      DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", "run_after")[:100]]
    return max(((now - since).total_seconds() for since in runnable_since), default=0.0)


def search_index():
    from .maintenance import unindexed_practices

    missing = unindexed_practices().count()
    return f"{missing} pratiche pubblicate non indicizzate" if missing else None


def upload_disk():
    """Free space where uploads are written (public and private media; a folder not created yet
    is on the disk of its nearest existing parent)."""
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        folder = Path(root)
        while not folder.exists():
            folder = folder.parent
        free_mb = shutil.disk_usage(folder).free // 2**20
        if free_mb < settings.READINESS_MIN_FREE_DISK_MB:
            return f"{free_mb} MB liberi in {root}"
    return None


CHECKS = {
    "database": database,
    "cache": cache_check,
    "job_queue": job_queue,
    "search_index": search_index,
    "upload_disk": upload_disk,
}


def run_checks():
    """{name: {"ok": bool, "ms": float, "error": str (when not ok)}}."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            problem = check()
        except Exception as error:  # noqa: BLE001 - any failure is the answer, not a crash
            problem = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".strip(": ")
        result = {"ok": problem is None, "ms": round((time.perf_counter() - started) * 1000, 1)}
        if problem is not None:
            result["error"] = problem
        results[name] = result
    return results
