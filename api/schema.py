"""OpenAPI details drf-spectacular cannot infer: the error answers every endpoint may give,
and the practice list's query parameters, which come from the catalogue's own FilterSet.

The schema is generated on each request to /api/v1/schema/, and so are the practice list's
parameters: each choice filter declares as `enum` the values accepted now, taxonomies included
(they live in the database), so a value valid by the schema is never answered 400.
"""

import django_filters
from django.db import DatabaseError, transaction
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from catalogue import identity as site_identity
from catalogue.filters import PracticeFilter
from practices.models import Body, Region

_detail = inline_serializer("Errore", {"detail": serializers.CharField()})
_invalid = OpenApiResponse(
    response=inline_serializer("ErroreParametri", {}),
    description="Parametri non validi: per ciascun parametro, l'elenco dei messaggi d'errore.",
)
ERROR_RESPONSES = {
    404: OpenApiResponse(response=_detail, description="Risorsa o pagina inesistente."),
    429: OpenApiResponse(response=_detail, description="Troppe richieste: riprovare dopo i secondi in Retry-After."),
}


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        # A view names a function of its list's query parameters, called at generation time.
        dynamic = getattr(self.view, "schema_list_parameters", None)
        extra = dynamic() if dynamic is not None and self._is_list_view() else []
        return [*super().get_override_parameters(), *extra]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        extra = {**ERROR_RESPONSES, **({400: _invalid} if self._is_list_view() else {})}
        for status, response in extra.items():
            responses.setdefault(str(status), self._get_response_for_code(response, str(status),
                                                                          direction=direction))
        return responses


def _values(filter_):
    """The values a choice filter accepts now (fixed lists and taxonomies alike); None if open-ended."""
    choices = filter_.extra.get("choices")
    if callable(choices):
        try:
            with transaction.atomic():
                choices = list(choices())
        except DatabaseError:
            # `manage.py check --deploy` generates the schema too, maybe before any migration:
            # with no table to read, the filter is described by its pattern.
            return None
    if not isinstance(choices, list | tuple) or not choices:
        return None
    # An empty value means "no filter", as an empty form field does (PracticeFilter drops it).
    return ["", *sorted(str(value) for value, _label in choices)]


# Well-formed values (empty means no filter); which ones exist is data (see the collections), and
# an unknown one is a 400.
PATTERNS = {"comune": r"^([0-9]{6})?$", "anno": r"^([0-9]{4})?$",
            # Free text without NUL characters: the form refuses them with a 400.
            "q": r"^[^\x00]*$"}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"


def practice_filter_parameters():
    """One query parameter per filter of the catalogue, described by its label."""
    descriptions = {
        "q": "Ricerca libera nel testo delle schede (sintassi: parole, \"frase esatta\", -escludi, or).",
        "regione": "Codice ISTAT della regione, due cifre (es. 16 per la Puglia, 03 per la Lombardia).",
        "provincia": "Sigla della provincia (es. BA).",
        "ambito": "Identificativo dell'Ambito territoriale (es. ambito-di-conversano).",
        "comune": "Codice ISTAT del Comune capofila o partecipante (es. 072006).",
        "tipo_ente": "Tipo dell'ente capofila (es. comune, ambito, terzo_settore).",
        "anno": "Anno dell'avviso (es. 2023).",
        "ordina": "Ordine dei risultati: rilevanza (predefinito con q), recenti (predefinito), titolo.",
    }
    parameters = []
    for name, filter_ in PracticeFilter.base_filters.items():
        many = isinstance(filter_, django_filters.MultipleChoiceFilter)
        label = str(filter_.label)
        description = descriptions.get(name, f"{label}: identificativo.")
        if many:
            description += " Ripetere il parametro per più valori (in alternativa tra loro)."
        enum = _values(filter_)
        pattern = None if enum else PATTERNS.get(name, SLUG_PATTERN)
        parameters.append(OpenApiParameter(
            name, str, OpenApiParameter.QUERY, description=description, many=many, explode=True if many else None,
            enum=enum, pattern=pattern,
        ))
    return parameters


def body_filter_parameters():
    """The query parameters of /api/v1/enti/: `tipo` and `regione` as the values accepted now."""
    try:
        with transaction.atomic():
            regions = ["", *Region.objects.order_by("istat_code").values_list("istat_code", flat=True)]
    except DatabaseError:  # before any migration, as in _values()
        regions = None
    text = r"^[^\x00]*$"  # free text without NUL characters: the form refuses them with a 400
    return [
        OpenApiParameter("tipo", str, OpenApiParameter.QUERY, description="Tipo di ente.",
                         enum=["", *Body.Kind.values]),
        OpenApiParameter("regione", str, OpenApiParameter.QUERY, enum=regions,
                         pattern=None if regions else r"^([0-9]{2})?$",
                         description="Codice ISTAT della regione, due cifre (es. 16 per la Puglia)."),
        OpenApiParameter("provincia", str, OpenApiParameter.QUERY, description="Sigla della provincia (es. BA).",
                         pattern=text),
        OpenApiParameter("q", str, OpenApiParameter.QUERY, description="Parte della denominazione.", pattern=text),
    ]


def describe_identity(result, generator, request, public):
    """drf-spectacular post-processing hook: the schema's description names the site and its
    bodies as the identity says now (generated per request, like the enums above)."""
    try:
        with transaction.atomic():
            identity = site_identity.current()
            bodies = ", ".join(body.full_name for body in identity.publishers.all())
    except DatabaseError:
        # `manage.py check --deploy` generates the schema too, maybe before any migration.
        return result
    result["info"]["description"] = (
        f"Interfaccia di sola lettura dei dati del sito «{identity.name}» ({bodies}). "
        f"Dati rilasciati con licenza {identity.licence_name}. "
        "L'indirizzo /api/v1/linee-finanziamento/ è dismesso: rimanda in modo permanente a /api/v1/programmi/."
    )
    return result

