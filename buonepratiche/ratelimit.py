"""Per-client request limits for the expensive public endpoints (search, exports, API).

A fixed window counted in the cache: in production the cache must be shared by all app
servers (REDIS_URL), otherwise each process counts on its own.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request):
    if settings.RATE_LIMIT_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def exceeded(request, scope):
    """Count this request; return the seconds to wait if the client is over the limit, else None."""
    limit, window = settings.RATE_LIMITS[scope]
    now = int(time.time())
    start = now - now % window
    key = f"rl:{scope}:{client_address(request)}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, start + window - now)
    return None


def too_many_requests(request, retry_after):
    response = render(request, "429.html", {
        "retry_after": retry_after,
        "message": _("Troppe richieste in poco tempo da questo indirizzo. Riprova tra %(seconds)s secondi.")
        % {"seconds": retry_after},
    }, status=429)
    response["Retry-After"] = str(retry_after)
    return response
