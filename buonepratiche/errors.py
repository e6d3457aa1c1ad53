"""Error pages: the site's Italian pages, except under /api/, where clients expect JSON.

The 500 page and JSON name the request's id, which the person can quote to the help desk and
the operator finds in the logs (buonepratiche/observability.py).

The 400 and 500 pages are rendered without the request's context (nothing that could fail
again), but they name the site's bodies and contact like every page: the app that reads the
site's identity registers its reader at start-up (`register_identity_reader`; catalogue does,
from its cache), and a reader that fails, as it will when the database is the error, leaves
the page with the product's name alone.
"""

import logging

from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from .request_context import request_id

API_PREFIX = "/api/"
log = logging.getLogger(__name__)
_identity_reader = None


def register_identity_reader(reader):
    """`reader()` gives the site's identity (identity.models.Identity) for the standalone pages."""
    global _identity_reader
    _identity_reader = reader


def _standalone_context():
    context = {"request_id": request_id.get(), "identity": None}
    try:
        if _identity_reader is not None:
            context["identity"] = _identity_reader()
    except Exception:  # the error being answered may be the database or the cache itself
        log.warning("Error page without the site's identity", exc_info=True)
    return context


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Non trovato.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Errore interno del server."), "codice_richiesta": request_id.get()},
                            status=500)
    # Rendered without a request context, as Django's own server_error: nothing that could fail again.
    return HttpResponseServerError(loader.get_template("500.html").render(_standalone_context()))


def bad_request(request, exception):
    return HttpResponseBadRequest(loader.get_template("400.html").render(_standalone_context()))
