"""The read-only API (/api/v1/): practices with the catalogue's filters, search and sorting,
the territory, the classifications, funding programmes and calls."""

import django_filters
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue import catalogue_cache
from catalogue.filters import PracticeFilter
from catalogue.listing import results
from funding.queries import funding_links, programme_with_chain
from funding.models import Programme
from practices.models import (
    Ambito,
    Body,
    Comune,
    FundingLevel,
    PolicyArea,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Province,
    Region,
    TargetGroup,
    Tipologia,
)
from calls.models import Call

from . import serializers
from .pagination import Pagination
from .schema import body_filter_parameters, practice_filter_parameters


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination


class BySlug:
    """Detail URLs by the stable identifier (slug), named `identificativo` as in the data."""

    lookup_field = "slug"
    lookup_url_kwarg = "identificativo"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


def practice_queryset():
    """Everything a practice's representation reads, in a fixed number of queries."""
    return Practice.objects.public().select_related(
        "lead__comune__province__region", "lead__ambito", "lead__province__region", "lead__region", "tipologia",
        "call", "publication",
    ).prefetch_related(
        "areas", "target_groups", "covered_regions", "covered_provinces__region", "covered_comuni__province__region",
        Prefetch("funding", queryset=funding_links()),
        Prefetch("participants", queryset=PracticeParticipant.objects.select_related(
            "body__comune__province__region", "body__ambito", "body__province__region", "body__region", "role")),
        Prefetch("documents", queryset=PracticeDocument.objects.select_related("kind", "practice")),
        Prefetch("lead__comune__ambiti", queryset=Ambito.objects.order_by("name")),
    )


@extend_schema_view(
    list=extend_schema(summary="Elenco delle pratiche",
                       description="Gli stessi filtri, la stessa ricerca e gli stessi ordinamenti del catalogo "
                                   "(/pratiche/): più valori dello stesso filtro sono in alternativa, filtri "
                                   "diversi si sommano."),
    retrieve=extend_schema(summary="Una pratica"),
)
class PracticeViewSet(BySlug, ReadOnlyViewSet):
    serializer_class = serializers.PracticeSerializer
    # Read when the schema is generated: the filters' allowed values are data (api/schema.py).
    schema_list_parameters = staticmethod(practice_filter_parameters)

    def get_queryset(self):
        return practice_queryset()

    def list(self, request, *args, **kwargs):
        return self._cached("api-list", lambda: super(PracticeViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._cached("api-practice", lambda: super(PracticeViewSet, self).retrieve(request, *args, **kwargs))

    def _cached(self, kind, respond):
        """The response's data and links, once per catalogue version, language and URL (with its
        host: the links are absolute). Errors are raised before anything is cached."""
        def data_and_link():
            response = respond()
            return response.data, response.headers.get("Link")

        data, link = catalogue_cache.cached(kind, [("url", self.request.build_absolute_uri())], data_and_link,
                                            per_language=True)
        return Response(data, headers={"Link": link} if link else None)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filterset = PracticeFilter(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        self.results = results(filterset, self.request.query_params)
        return self.results.queryset


class ComuneFilter(django_filters.FilterSet):
    provincia = django_filters.CharFilter(field_name="province__sigla", lookup_expr="iexact",
                                          label="Sigla della provincia (es. BA).")
    nome = django_filters.CharFilter(field_name="name", lookup_expr="icontains",
                                     label="Parte del nome del Comune.")

    class Meta:
        model = Comune
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Elenco dei Comuni", parameters=[
        # Text without NUL characters: the form refuses them with a 400, so the schema says so.
        OpenApiParameter("provincia", str, description="Sigla della provincia (es. BA).", pattern=r"^[^\x00]*$"),
        OpenApiParameter("nome", str, description="Parte del nome del Comune.", pattern=r"^[^\x00]*$"),
    ]),
    retrieve=extend_schema(summary="Un Comune"),
)
class ComuneViewSet(ReadOnlyViewSet):
    queryset = Comune.objects.select_related("province").order_by("istat_code")
    serializer_class = serializers.ComuneSerializer
    lookup_field = "istat_code"
    lookup_url_kwarg = "codice_istat"
    lookup_value_regex = r"[0-9]{6}"
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = ComuneFilter


@extend_schema_view(list=extend_schema(summary="Elenco degli Ambiti territoriali sociali"),
                    retrieve=extend_schema(summary="Un Ambito territoriale sociale"))
class AmbitoViewSet(BySlug, ReadOnlyViewSet):
    queryset = Ambito.objects.select_related(
        "capofila", "province", "body__region", "health_authority").prefetch_related(
        Prefetch("members", queryset=Comune.objects.order_by("name")),
        Prefetch("member_bodies", queryset=Body.objects.order_by("name")), "zone_plans").order_by("name")
    serializer_class = serializers.AmbitoSerializer


class BodyFilter(django_filters.FilterSet):
    tipo = django_filters.ChoiceFilter(field_name="kind", choices=Body.Kind.choices, label="Tipo di ente.")
    regione = django_filters.ModelChoiceFilter(field_name="region", to_field_name="istat_code",
                                               queryset=Region.objects.all(), label="Codice ISTAT della regione.")
    provincia = django_filters.CharFilter(field_name="province__sigla", lookup_expr="iexact",
                                          label="Sigla della provincia (es. BA).")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Parte della denominazione.")

    class Meta:
        model = Body
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Elenco degli enti", description=(
        "Ogni ente che guida una pratica o vi partecipa: Comuni, Ambiti, Unioni di Comuni, enti del Terzo "
        "settore, aziende sanitarie, scuole, fondazioni, imprese e altri. Un valore sconosciuto di `tipo` o "
        "`regione` dà 400.")),
    retrieve=extend_schema(summary="Un ente"),
)
class BodyViewSet(BySlug, ReadOnlyViewSet):
    # Read when the schema is generated: the regions that exist are data (api/schema.py).
    schema_list_parameters = staticmethod(body_filter_parameters)
    queryset = Body.objects.select_related("comune__province", "ambito", "province", "region").order_by("name", "pk")
    serializer_class = serializers.BodySerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = BodyFilter


@extend_schema_view(list=extend_schema(summary="Elenco delle province"), retrieve=extend_schema(summary="Una provincia"))
class ProvinceViewSet(ReadOnlyViewSet):
    queryset = Province.objects.select_related("region").order_by("sigla")
    serializer_class = serializers.ProvinceSerializer
    lookup_field = "sigla"
    lookup_value_regex = r"[A-Z]{2}"


@extend_schema_view(list=extend_schema(summary="Elenco delle regioni"), retrieve=extend_schema(summary="Una regione"))
class RegionViewSet(ReadOnlyViewSet):
    queryset = Region.objects.order_by("istat_code")
    serializer_class = serializers.RegionSerializer
    lookup_field = "istat_code"
    lookup_url_kwarg = "codice_istat"
    lookup_value_regex = r"[0-9]{2}"


def term_viewset(model, noun, one):
    """List and detail of one classification, by slug."""
    return extend_schema_view(
        list=extend_schema(summary=f"Elenco: {noun}"), retrieve=extend_schema(summary=one),
    )(type(f"{model.__name__}ViewSet", (BySlug, ReadOnlyViewSet), {
        "queryset": model.objects.order_by("position", "name"),
        "serializer_class": serializers.TermSerializer,
        "__doc__": f"{noun.capitalize()}: la classificazione usata dal catalogo.",
    }))


TipologiaViewSet = term_viewset(Tipologia, "tipologie", "Una tipologia")
PolicyAreaViewSet = term_viewset(PolicyArea, "aree di intervento", "Un'area di intervento")
TargetGroupViewSet = term_viewset(TargetGroup, "destinatari", "Un gruppo di destinatari")
FundingLevelViewSet = term_viewset(FundingLevel, "livelli di finanziamento", "Un livello di finanziamento")


@extend_schema_view(list=extend_schema(summary="Elenco dei programmi di finanziamento"),
                    retrieve=extend_schema(summary="Un programma di finanziamento"))
class ProgrammeViewSet(BySlug, ReadOnlyViewSet):
    """Programmes (funds) with their calls for funding and their agreements: beneficiaries,
    amounts by year and stage (assegnato, impegnato, liquidato, rendicontato) and totals."""

    queryset = programme_with_chain(Programme.objects.order_by("name"))
    serializer_class = serializers.ProgrammeSerializer


@extend_schema_view(list=extend_schema(summary="Elenco degli avvisi"), retrieve=extend_schema(summary="Un avviso"))
class CallViewSet(BySlug, ReadOnlyViewSet):
    serializer_class = serializers.CallSerializer

    def get_queryset(self):
        published = Q(practices__in=Practice.objects.public())
        return Call.objects.annotate(published_count=Count("practices", filter=published)).order_by("-opens_at")


ENDPOINTS = (
    ("pratiche", "api:practice-list"), ("enti", "api:body-list"), ("ambiti", "api:ambito-list"),
    ("comuni", "api:comune-list"),
    ("regioni", "api:region-list"), ("province", "api:province-list"), ("tipologie", "api:tipologia-list"), ("aree", "api:policyarea-list"),
    ("destinatari", "api:targetgroup-list"), ("livelli_finanziamento", "api:fundinglevel-list"),
    ("programmi", "api:programme-list"), ("avvisi", "api:call-list"),
    ("schema", "api:schema"), ("documentazione", "api:docs"),
)


class ApiRootView(APIView):
    """Where everything is: the collections, the OpenAPI schema and the documentation."""

    @extend_schema(summary="Indice dell'API", responses={200: {"type": "object",
                                                                 "additionalProperties": {"type": "string",
                                                                                          "format": "uri"}}})
    def get(self, request):
        return Response({name: request.build_absolute_uri(reverse(view)) for name, view in ENDPOINTS})


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI 3 schema, as JSON (YAML with ?format=yaml is not offered: one format, one URL)."""
