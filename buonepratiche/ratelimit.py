"""Per-client request limits for the expensive public endpoints (search, exports, API).

A fixed window counted in a store every app process shares, so the limit is the limit
whatever worker answers: Redis when REDIS_URL is set (its atomic increment), otherwise the
database (buonepratiche.models.RateCounter: one atomic insert-or-increment a request). A
per-process cache would let a client get the limit from every worker.
`hit(scope, key)` counts any key (an account, an address); `exceeded(request, scope)` counts
the request's trusted client address (buonepratiche/client.py).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext as _

from .client import client_address
from .jobs import job
from .models import RateCounter


def exceeded(request, scope):
    """Count this request; return the seconds to wait if the client is over the limit, else None."""
    return hit(scope, client_address(request))


def hit(scope, subject):
    """Count one event of `scope` for `subject`; the seconds to wait if over the limit, else None."""
    limit, window = settings.RATE_LIMITS[scope]
    now = int(time.time())
    start = now - now % window
    # Hashed: a subject may be an e-mail address or anything a client typed.
    key = f"rl:{scope}:{hashlib.sha256(str(subject).encode()).hexdigest()[:32]}:{start}"
    count = _count_in_cache(key, window) if settings.RATE_LIMIT_STORE == "cache" else \
        _count_in_database(key, start + window)
    if count > limit:
        return max(1, start + window - now)
    return None


def _count_in_cache(key, window):
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        return 1


_UPSERT = """
    INSERT INTO {table} ("key", "hits", "expires") VALUES (%s, 1, %s)
    ON CONFLICT ("key") DO UPDATE SET "hits" = {table}."hits" + 1
    RETURNING "hits"
"""


def _count_in_database(key, expires):
    # One statement, atomic on PostgreSQL and SQLite alike: concurrent workers never lose a hit
    # (a read-then-write would). The ORM has no "increment or insert", hence the SQL.
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(table=table), [key, expires])
        count = cursor.fetchone()[0]
    return count


@job
def prune_rate_counters():
    """Clear the windows that are over (an indexed range delete), so the table holds about one
    row per client and scope active since the last run. A schedule runs it (ops/schedules.py),
    not a request: a request's work, and the queries it costs, stay the same in every window."""
    return RateCounter.objects.filter(expires__lt=int(time.time())).delete()[0]


def too_many_requests(request, retry_after):
    response = render(request, "429.html", {
        "retry_after": retry_after,
        "message": _("Troppe richieste in poco tempo da questo indirizzo. Riprova tra %(seconds)s secondi.")
        % {"seconds": retry_after},
    }, status=429)
    response["Retry-After"] = str(retry_after)
    return response
