"""What every request leaves behind for the operator: its id (X-Request-ID, also in the log
lines written while it is served and in the jobs it enqueues), one JSON log line (view, status,
duration, queries, the kind of user but never who), and the request metrics.

The outermost middleware, so it times and counts everything the others do, and a 500 page
rendered inside it still knows the id.
"""

import logging
import time

from django.db import connection

from . import metrics
from .request_context import accept_or_new, request_id

log = logging.getLogger("buonepratiche.requests")


def user_kind(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return "staff" if user.is_staff else "officer"


class RequestObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_id.set(accept_or_new(request.headers.get("X-Request-ID", "")))
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        try:
            with connection.execute_wrapper(count):
                response = self.get_response(request)
            duration = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match else "<nessuna>"
            metrics.REQUESTS.labels(view, request.method, response.status_code).inc()
            metrics.LATENCY.labels(view).observe(duration)
            metrics.QUERIES.labels(view).observe(queries)
            response["X-Request-ID"] = request_id.get()
            log.info("request", extra={
                "user_kind": user_kind(request), "view": view, "method": request.method, "path": request.path,
                "status": response.status_code, "duration_ms": round(duration * 1000, 1), "queries": queries,
            })
            return response
        finally:
            request_id.reset(token)
