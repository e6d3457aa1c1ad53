"""OpenAPI details drf-spectacular cannot infer: the error answers every endpoint may give,
and the practice list's query parameters, which come from the catalogue's own FilterSet."""

import django_filters
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from catalogue.filters import PracticeFilter

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
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        extra = {**ERROR_RESPONSES, **({400: _invalid} if self._is_list_view() else {})}
        for status, response in extra.items():
            responses.setdefault(str(status), self._get_response_for_code(response, str(status),
                                                                          direction=direction))
        return responses


def _values(filter_):
    choices = filter_.extra.get("choices")
    return [str(value) for value, _label in choices] if isinstance(choices, list | tuple) else None


# Well-formed values (empty means no filter); which ones exist is data (see the collections), and
# an unknown one is a 400.
PATTERNS = {"provincia": r"^([A-Za-z]{2})?$", "comune": r"^([0-9]{6})?$", "anno": r"^([0-9]{4})?$"}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"


def practice_filter_parameters():
    """One query parameter per filter of the catalogue, described by its label."""
    descriptions = {
        "q": "Ricerca libera nel testo delle schede (sintassi: parole, \"frase esatta\", -escludi, or).",
        "provincia": "Sigla della provincia (es. BA).",
        "ambito": "Identificativo dell'Ambito territoriale (es. ambito-di-conversano).",
        "comune": "Codice ISTAT del Comune proponente o partner (es. 072006).",
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
        pattern = None if enum or name == "q" else PATTERNS.get(name, SLUG_PATTERN)
        parameters.append(OpenApiParameter(
            name, str, OpenApiParameter.QUERY, description=description, many=many, explode=True if many else None,
            enum=enum, pattern=pattern,
        ))
    return parameters
