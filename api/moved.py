"""Addresses of the API that moved: clients that learnt an old address are sent, permanently,
to the new one with their query string, instead of meeting a 404.

/api/v1/linee-finanziamento/ listed the funding lines of the cards; the funding chain replaced
them with programmes (/api/v1/programmi/), which kept the lines' identifiers (funding 0002),
so a line's address leads to its programme."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

_MOVED = OpenApiResponse(description="Spostato in modo permanente: l'indirizzo nuovo è nell'intestazione Location.")


def _moved(operation_id):
    """The schema of an old address: deprecated, a 301; each address its own operation."""
    return extend_schema(
        summary="Linee di finanziamento (sostituito da /api/v1/programmi/)",
        description="Indirizzo dismesso: risponde con un reindirizzamento permanente (301) al "
                    "corrispondente indirizzo di /api/v1/programmi/, con gli stessi parametri.",
        deprecated=True,
        responses={301: _MOVED},
        operation_id=operation_id,
    )


class FundingLinesMoved(APIView):
    """The old funding lines, answered with a 301 to the programmes."""

    @_moved("linee_finanziamento")
    def get(self, request, identificativo=None):
        if identificativo is None:
            target = reverse("api:programme-list")
        else:
            target = reverse("api:programme-detail", kwargs={"identificativo": identificativo})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


class FundingLineMoved(FundingLinesMoved):
    """One old funding line, to its programme."""

    @_moved("linea_finanziamento")
    def get(self, request, identificativo=None):
        return super().get(request, identificativo)
