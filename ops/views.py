"""The operator's two endpoints: readiness (/salute/pronto/) and metrics (/metriche/).

Neither is cached. The metrics answer only with the token of METRICS_TOKEN (compared in
constant time); without the variable the endpoint does not exist (404).
"""

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY

from .collectors import DatabaseCollector
from .readiness import run_checks


@never_cache
@require_GET
def readiness(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse({"status": "fail" if failing else "ok", "failing": failing, "checks": checks},
                        status=503 if failing else 200)


def _registry():
    """This process's metrics; with PROMETHEUS_MULTIPROC_DIR, those of every worker process
    sharing that folder (prometheus_client's multiprocess mode), plus the database's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(DatabaseCollector())
    return registry


@never_cache
@require_GET
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return HttpResponse("Token mancante o non valido.\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
