"""What the API returns. Field names are Italian and match the catalogue's CSV columns
(identificativo, titolo, finalita…), so a researcher can move from a download to the API
without a dictionary. Dates are ISO 8601, amounts decimal strings, identifiers stable
(slugs, ISTAT codes, province sigle)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import translation

from practices.models import Ambito, Body, Comune, FundingProgramme, Practice, Province, Region
from practices.resources import SECTION_COLUMNS
from calls.models import Call


def absolute(request, path):
    return request.build_absolute_uri(path) if request else path


class TermSerializer(serializers.Serializer):
    """An entry of a classification (tipologia, area, destinatari, livello di finanziamento)."""

    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    descrizione = serializers.CharField(source="description")


class TermRefSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")


class RegionRefSerializer(serializers.Serializer):
    codice_istat = serializers.CharField(source="istat_code")
    nome = serializers.CharField(source="name")


class ProvinceRefSerializer(serializers.Serializer):
    sigla = serializers.CharField()
    nome = serializers.CharField(source="name")


class ComuneRefSerializer(serializers.Serializer):
    codice_istat = serializers.CharField(source="istat_code")
    nome = serializers.CharField(source="name")


class AmbitoRefSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")


def italian_name(body):
    """A body as the cards name it ("Comune di Bari"), whatever the interface language."""
    with translation.override("it"):
        return str(body)


class LinksMixin(serializers.Serializer):
    """`url`: this resource in the API; `pagina_web`: its page on the site."""

    api_view_name = None
    lookup = None

    url = serializers.SerializerMethodField()
    pagina_web = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return absolute(self.context.get("request"), reverse(self.api_view_name, args=[getattr(obj, self.lookup)]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_pagina_web(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


class RegionSerializer(serializers.ModelSerializer):
    """A region, by its two-digit ISTAT code (the value of the `regione` filter)."""

    codice_istat = serializers.CharField(source="istat_code")
    nome = serializers.CharField(source="name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ("codice_istat", "nome", "url")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, region):
        return absolute(self.context.get("request"), reverse("api:region-detail", args=[region.istat_code]))


class ProvinceSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name, lookup = "api:province-detail", "sigla"

    codice_istat = serializers.CharField(source="istat_code")
    nome = serializers.CharField(source="name")
    tipo = serializers.ChoiceField(source="kind", choices=Province.Kind.choices)
    regione = serializers.CharField(source="region.name")

    class Meta:
        model = Province
        fields = ("sigla", "codice_istat", "nome", "tipo", "regione", "url", "pagina_web")


class ComuneSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name, lookup = "api:comune-detail", "istat_code"

    codice_istat = serializers.CharField(source="istat_code")
    nome = serializers.CharField(source="name")
    nome_altra_lingua = serializers.CharField(source="name_other_language")
    provincia = ProvinceRefSerializer(source="province")
    codice_catastale = serializers.CharField(source="cadastral_code")
    capoluogo = serializers.BooleanField(source="is_capoluogo")

    class Meta:
        model = Comune
        fields = ("codice_istat", "nome", "nome_altra_lingua", "provincia", "codice_catastale", "capoluogo", "url",
                  "pagina_web")


class AmbitoSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name, lookup = "api:ambito-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    denominazione_estesa = serializers.CharField(source="full_name")
    codice = serializers.CharField(source="code")
    comune_capofila = ComuneRefSerializer(source="capofila", allow_null=True)
    provincia = ProvinceRefSerializer(source="province", allow_null=True)
    comuni = ComuneRefSerializer(source="members", many=True)

    class Meta:
        model = Ambito
        fields = ("identificativo", "nome", "denominazione_estesa", "codice", "comune_capofila", "provincia",
                  "comuni", "url", "pagina_web")


class BodyRefSerializer(LinksMixin, serializers.Serializer):
    """A body (ente) where another resource names it: a practice's lead or participant."""

    api_view_name, lookup = "api:body-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    nome = serializers.SerializerMethodField()
    tipo = serializers.ChoiceField(source="kind", choices=Body.Kind.choices)

    def get_nome(self, body) -> str:
        return italian_name(body)


class BodySerializer(BodyRefSerializer, serializers.ModelSerializer):
    """A body: its kind, territory, identifiers and public contacts."""

    comune = ComuneRefSerializer(allow_null=True, help_text="Per un Comune il comune stesso, altrimenti la sede.")
    ambito = AmbitoRefSerializer(allow_null=True, help_text="Per un Ambito Territoriale Sociale: l'Ambito.")
    provincia = ProvinceRefSerializer(source="province", allow_null=True)
    regione = RegionRefSerializer(source="region", allow_null=True)
    codice_ipa = serializers.CharField(source="ipa_code")
    codice_fiscale = serializers.CharField(source="tax_code")
    sito_web = serializers.CharField(source="website")
    email = serializers.CharField()
    pec = serializers.CharField()
    telefono = serializers.CharField(source="phone")
    indirizzo = serializers.CharField(source="address")

    class Meta:
        model = Body
        fields = ("identificativo", "nome", "tipo", "comune", "ambito", "provincia", "regione", "codice_ipa",
                  "codice_fiscale", "sito_web", "email", "pec", "telefono", "indirizzo", "url", "pagina_web")


class ParticipantSerializer(serializers.Serializer):
    ente = BodyRefSerializer(source="body")
    ruolo = TermRefSerializer(source="role", allow_null=True)


class TerritorySerializer(serializers.Serializer):
    """The territory a practice covers: its bodies' places and the coverage stated on it."""

    regioni = RegionRefSerializer(source="regions", many=True)
    province = ProvinceRefSerializer(source="provinces", many=True)
    comuni = ComuneRefSerializer(many=True)


class FundingProgrammeSerializer(serializers.ModelSerializer):
    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    livello = TermRefSerializer(source="level")
    riferimento = serializers.CharField(source="reference")

    class Meta:
        model = FundingProgramme
        fields = ("identificativo", "nome", "livello", "riferimento")


class CallSerializer(serializers.ModelSerializer):
    identificativo = serializers.CharField(source="slug")
    titolo = serializers.CharField(source="title")
    atto = serializers.CharField(source="act")
    descrizione = serializers.CharField(source="description")
    apertura = serializers.DateTimeField(source="opens_at")
    scadenza = serializers.DateTimeField(source="closes_at")
    aperto = serializers.SerializerMethodField()
    possono_candidarsi_comuni = serializers.BooleanField(source="accepts_comuni")
    possono_candidarsi_ambiti = serializers.BooleanField(source="accepts_ambiti")
    pratiche_pubblicate = serializers.IntegerField(source="published_count")

    class Meta:
        model = Call
        fields = ("identificativo", "titolo", "atto", "descrizione", "apertura", "scadenza", "aperto",
                  "possono_candidarsi_comuni", "possono_candidarsi_ambiti", "pratiche_pubblicate")

    def get_aperto(self, call) -> bool:
        return call.is_open()


class CallRefSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="slug")
    titolo = serializers.CharField(source="title")


class ProposerSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=Body.Kind.choices)
    nome = serializers.CharField()
    identificativo = serializers.CharField(
        help_text="Codice ISTAT del Comune, identificativo dell'Ambito o, per gli altri enti, dell'ente.")
    url = serializers.URLField()


class FundingEntrySerializer(serializers.Serializer):
    programma = TermRefSerializer(source="programme")
    livello = TermRefSerializer(source="programme.level")
    importo = serializers.DecimalField(source="amount", max_digits=14, decimal_places=2, allow_null=True)
    anno = serializers.IntegerField(source="year", allow_null=True)
    nota = serializers.CharField(source="note")


class InvolvementSerializer(serializers.Serializer):
    """A participant other than a Comune, as `organizzazioni` listed them before bodies (see `partecipanti`)."""

    nome = serializers.CharField(source="body.name")
    tipo = serializers.CharField(source="body.get_kind_display")
    ruolo = serializers.CharField(source="role.name", allow_null=True, default=None)


class DocumentSerializer(serializers.Serializer):
    titolo = serializers.CharField(source="title")
    tipo = serializers.CharField(source="kind.name")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document):
        if document.file:
            path = reverse("catalogue:document", args=[document.practice.slug, document.pk])
            return absolute(self.context.get("request"), path)
        return document.url


class SourceSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="publication.slug")
    titolo = serializers.CharField(source="publication.title")
    editore = serializers.CharField(source="publication.publisher")
    anno = serializers.IntegerField(source="publication.year")
    pagina = serializers.IntegerField(source="publication_page", allow_null=True)


def _section_field(name, column):
    return serializers.CharField(source=name, help_text=f"Sezione della scheda, testo verbatim ({column}).")


class PracticeSerializer(LinksMixin, serializers.ModelSerializer):
    """A practice card with everything the catalogue shows."""

    api_view_name, lookup = "api:practice-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    titolo = serializers.CharField(source="title")
    soggetto_proponente = serializers.SerializerMethodField()
    provincia = ProvinceRefSerializer(source="province", allow_null=True)
    regione = RegionRefSerializer(source="region", allow_null=True)
    ambito_territoriale = AmbitoRefSerializer(source="ambito", allow_null=True)
    capofila = BodyRefSerializer(source="lead")
    partecipanti = ParticipantSerializer(source="participants", many=True)
    territorio_coperto = TerritorySerializer(source="covered_territory")
    comuni_partner = serializers.SerializerMethodField(help_text="I Comuni tra i partecipanti.")
    # One field per card section, named like its CSV column; the list of sections lives in one place.
    locals().update({column: _section_field(name, column) for name, column in SECTION_COLUMNS.items()})
    tipologia = TermRefSerializer(allow_null=True)
    aree = TermRefSerializer(source="areas", many=True)
    gruppi_destinatari = TermRefSerializer(source="target_groups", many=True)
    poverta_educative = serializers.BooleanField(source="educational_poverty")
    avviso = CallRefSerializer(source="call", allow_null=True)
    fonte = serializers.SerializerMethodField()
    anno_avvio = serializers.IntegerField(source="start_year", allow_null=True)
    anno_conclusione = serializers.IntegerField(source="end_year", allow_null=True)
    stato = serializers.ChoiceField(source="status", choices=Practice.Status.choices, allow_blank=True)
    persone_raggiunte = serializers.IntegerField(source="people_reached", allow_null=True)
    budget_complessivo = serializers.DecimalField(source="total_budget", max_digits=14, decimal_places=2,
                                                  allow_null=True)
    finanziamenti = FundingEntrySerializer(source="funding", many=True)
    organizzazioni = serializers.SerializerMethodField(help_text="I partecipanti che non sono Comuni.")
    documenti = DocumentSerializer(source="documents", many=True)
    pubblicata_il = serializers.DateTimeField(source="published_at", allow_null=True)
    aggiornata_il = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Practice
        fields = (
            "identificativo", "url", "pagina_web", "titolo", "soggetto_proponente", "capofila", "partecipanti",
            "territorio_coperto", "provincia", "regione", "ambito_territoriale", "comuni_partner",
            *SECTION_COLUMNS.values(), "tipologia", "aree",
            "gruppi_destinatari", "poverta_educative", "avviso", "fonte", "anno_avvio", "anno_conclusione", "stato",
            "persone_raggiunte", "budget_complessivo", "finanziamenti", "organizzazioni", "documenti",
            "pubblicata_il", "aggiornata_il",
        )

    @extend_schema_field(ProposerSerializer)
    def get_soggetto_proponente(self, practice):
        """The lead as this field named the proposer before bodies: a Comune by its ISTAT code,
        an Ambito by its identifier, with their API resource; any other body as itself."""
        request, lead = self.context.get("request"), practice.lead
        if lead.kind == Body.Kind.COMUNE:
            code, view = lead.comune.istat_code, "api:comune-detail"
        elif lead.ambito_id:
            code, view = lead.ambito.slug, "api:ambito-detail"
        else:
            code, view = lead.slug, "api:body-detail"
        return {
            "tipo": lead.kind,
            "nome": practice.italian_proposer_name,
            "identificativo": code,
            "url": absolute(request, reverse(view, args=[code])),
        }

    @extend_schema_field(ComuneRefSerializer(many=True))
    def get_comuni_partner(self, practice):
        return ComuneRefSerializer([p.body.comune for p in practice.participants.all()
                                    if p.body.kind == Body.Kind.COMUNE], many=True).data

    @extend_schema_field(InvolvementSerializer(many=True))
    def get_organizzazioni(self, practice):
        return InvolvementSerializer([p for p in practice.participants.all() if p.body.kind != Body.Kind.COMUNE],
                                     many=True).data

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_fonte(self, practice):
        return SourceSerializer(practice).data if practice.publication_id else None
