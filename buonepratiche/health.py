"""Liveness probe for the load balancer: answers without touching the database.

It goes through the whole middleware stack, which also makes it the floor the benchmark
compares every page with.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
