"""Pages of API results: the envelope names the total and the neighbouring pages, and the
same links go in an RFC 8288 Link header for clients that follow headers."""

import functools
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from catalogue.pagination import BoundedPaginator

MAX_PAGE_NUMBER = 100_000


class Pagination(PageNumberPagination):
    django_paginator_class = BoundedPaginator
    page_size = 20
    page_query_param = "pagina"
    page_size_query_param = "per_pagina"
    max_page_size = 100

    def _number(self, request, name, maximum):
        """A positive whole number within `maximum`, None when absent; anything else is a 400."""
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= maximum:
            raise ValidationError({name: [_("Indicare un numero intero da 1 a %(max)s.") % {"max": maximum}]})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        # Validate before DRF's own handling, which silently falls back to defaults.
        self._number(request, self.page_query_param, MAX_PAGE_NUMBER)
        self._number(request, self.page_size_query_param, self.max_page_size)
        known = getattr(view, "results", None)
        if known is not None:  # the count and the browsable results the catalogue's listing knows
            self.django_paginator_class = functools.partial(
                BoundedPaginator, count=known.count, browsable=known.browsable)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        next_url, previous_url = self.get_next_link(), self.get_previous_link()
        response = Response({
            "totale": self.page.paginator.count,
            "pagina": self.page.number,
            "pagine": self.page.paginator.num_pages,
            "successiva": next_url,
            "precedente": previous_url,
            "risultati": data,
        })
        links = [f'<{url}>; rel="{rel}"' for url, rel in ((next_url, "next"), (previous_url, "prev")) if url]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["totale", "pagina", "pagine", "successiva", "precedente", "risultati"],
            "properties": {
                "totale": {"type": "integer", "description": "Numero complessivo dei risultati."},
                "pagina": {"type": "integer", "description": "Numero di questa pagina (da 1)."},
                "pagine": {"type": "integer", "description": "Numero delle pagine."},
                "successiva": {**link, "description": "Indirizzo della pagina successiva, se c'è."},
                "precedente": {**link, "description": "Indirizzo della pagina precedente, se c'è."},
                "risultati": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.page_query_param, "required": False, "in": "query",
             "description": "Numero della pagina (da 1); oltre l'ultima la risposta è 404. Le pagine si "
                              "fermano a CATALOGUE_MAX_PAGES (250): per avere tutto, usare gli scaricamenti "
                              "completi di /opendata/.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Risultati per pagina (predefinito {self.page_size}, al massimo {self.max_page_size}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]
