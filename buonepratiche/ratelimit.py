"""Per-client request limits for the expensive public endpoints (search, exports, API).

A fixed window counted in the cache: in production the cache must be shared by all app
servers (REDIS_URL), otherwise each process counts on its own.
`hit(scope, key)` counts any key (an account, an address); `exceeded(request, scope)` counts
the request's trusted client address (buonepratiche/client.py).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from .client import client_address


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
