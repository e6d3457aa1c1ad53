"""Error pages: the site's Italian pages, except under /api/, where clients expect JSON.

The 500 page and JSON name the request's id, which the person can quote to the help desk and
the operator finds in the logs (buonepratiche/observability.py).
"""

from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from .request_context import request_id

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Non trovato.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Errore interno del server."), "codice_richiesta": request_id.get()},
                            status=500)
    # Rendered without a request context, as Django's own server_error: nothing that could fail again.
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": request_id.get()}))
