"""What the API returns. Field names are Italian and match the catalogue's CSV columns
(identificativo, titolo, finalita…), so a researcher can move from a download to the API
without a dictionary. Dates are ISO 8601, amounts decimal strings, identifiers stable
(slugs, ISTAT codes, province sigle)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import translation

from funding.models import Agreement, Programme
from funding.models.agreement import Stage
from practices.models import Ambito, AssociationForm, Body, Comune, Practice, Province, Region
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


class BodyRefSerializer(LinksMixin, serializers.Serializer):
    """A body (ente) where another resource names it: a practice's lead or participant."""

    api_view_name, lookup = "api:body-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    nome = serializers.SerializerMethodField()
    tipo = serializers.ChoiceField(source="kind", choices=Body.Kind.choices)

    def get_nome(self, body) -> str:
        return italian_name(body)


class ZonePlanSerializer(serializers.Serializer):
    titolo = serializers.CharField(source="__str__")
    anno_inizio = serializers.IntegerField(source="start_year")
    anno_fine = serializers.IntegerField(source="end_year")
    atto_di_adozione = serializers.CharField(source="adoption_act")
    url = serializers.URLField()


class PlanningOfficeSerializer(serializers.Serializer):
    """The Ufficio di Piano's public contact: the Ambito body's contact, its hours and contact role."""

    indirizzo = serializers.CharField(source="body.address", default="")
    email = serializers.CharField(source="body.email", default="")
    pec = serializers.CharField(source="body.pec", default="")
    telefono = serializers.CharField(source="body.phone", default="")
    sito_web = serializers.CharField(source="body.website", default="")
    orari = serializers.CharField(source="office_hours")
    referente = serializers.CharField(source="office_contact_role")


class HealthDistrictSerializer(serializers.Serializer):
    nome = serializers.CharField(source="health_district")
    azienda_sanitaria = BodyRefSerializer(source="health_authority", allow_null=True)


class AmbitoSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name, lookup = "api:ambito-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    denominazione_estesa = serializers.CharField(source="full_name")
    codice = serializers.CharField(source="code")
    capofila = BodyRefSerializer(allow_null=True)
    provincia = ProvinceRefSerializer(source="province", allow_null=True)
    regione = RegionRefSerializer(source="body.region", allow_null=True, default=None)
    comuni = ComuneRefSerializer(source="members", many=True)
    enti_associati = BodyRefSerializer(source="member_bodies", many=True)
    forma_associativa = serializers.ChoiceField(source="association_form", choices=AssociationForm.choices,
                                                allow_blank=True)
    ufficio_di_piano = PlanningOfficeSerializer(source="*")
    distretto_sociosanitario = HealthDistrictSerializer(source="*")
    piani_di_zona = ZonePlanSerializer(source="zone_plans", many=True)

    class Meta:
        model = Ambito
        fields = ("identificativo", "nome", "denominazione_estesa", "codice", "capofila", "provincia", "regione",
                  "comuni", "enti_associati", "forma_associativa", "ufficio_di_piano", "distretto_sociosanitario",
                  "piani_di_zona", "url", "pagina_web")


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


class LinkDocumentSerializer(serializers.Serializer):
    """A document of the funding chain: its link, or the address of its uploaded file."""

    titolo = serializers.CharField(source="title")
    tipo = serializers.CharField(source="kind.name")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document):
        return absolute(self.context.get("request"), document.href) if document.file else document.url


class AmountSerializer(serializers.Serializer):
    anno = serializers.IntegerField(source="year")
    fase = serializers.ChoiceField(source="stage", choices=Stage.choices)
    importo = serializers.DecimalField(source="amount", max_digits=14, decimal_places=2)


class FundingCallSerializer(serializers.Serializer):
    titolo = serializers.CharField(source="title")
    atto = serializers.CharField(source="act")
    codice = serializers.CharField(source="code")
    data = serializers.DateField(source="date", allow_null=True)
    url = serializers.URLField()
    documenti = LinkDocumentSerializer(source="documents", many=True)


class AgreementSerializer(serializers.Serializer):
    """An agreement, grant or allocation with its amounts by year and stage and their totals."""

    tipo = serializers.ChoiceField(source="kind", choices=Agreement.Kind.choices)
    codice = serializers.CharField(source="code")
    titolo = serializers.CharField(source="title")
    beneficiario = BodyRefSerializer(source="beneficiary", allow_null=True)
    avviso = serializers.CharField(source="funding_call.title", allow_null=True, default=None)
    sottoscritta_il = serializers.DateField(source="signed_on", allow_null=True)
    inizio = serializers.DateField(source="starts_on", allow_null=True)
    fine = serializers.DateField(source="ends_on", allow_null=True)
    nota = serializers.CharField(source="note")
    importi = AmountSerializer(source="amounts", many=True)
    totali = serializers.SerializerMethodField(help_text="Totale per fase (assegnato, impegnato, liquidato, "
                                                         "rendicontato) degli importi indicati.")
    documenti = LinkDocumentSerializer(source="documents", many=True)

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "decimal"}})
    def get_totali(self, agreement):
        table = agreement.amount_table()
        return {stage.value: f"{total:.2f}" for stage, total in zip(table.stages, table.totals)}


class ProgrammeRefSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    livello = TermRefSerializer(source="level")
    ciclo = serializers.CharField(source="cycle")


class ProgrammeSerializer(LinksMixin, serializers.ModelSerializer):
    """A funding programme with its calls for funding and its agreements (beneficiaries, amounts)."""

    api_view_name, lookup = "api:programme-detail", "slug"

    identificativo = serializers.CharField(source="slug")
    nome = serializers.CharField(source="name")
    livello = TermRefSerializer(source="level")
    autorita_di_gestione = BodyRefSerializer(source="managing_authority", allow_null=True)
    ciclo = serializers.CharField(source="cycle")
    descrizione = serializers.CharField(source="description")
    sito_web = serializers.CharField(source="website")
    documenti = LinkDocumentSerializer(source="documents", many=True)
    avvisi = FundingCallSerializer(source="calls", many=True)
    convenzioni = AgreementSerializer(source="agreements", many=True)

    class Meta:
        model = Programme
        fields = ("identificativo", "nome", "livello", "autorita_di_gestione", "ciclo", "descrizione", "sito_web",
                  "url", "pagina_web", "documenti", "avvisi", "convenzioni")


class CallSerializer(serializers.ModelSerializer):
    identificativo = serializers.CharField(source="slug")
    titolo = serializers.CharField(source="title")
    atto = serializers.CharField(source="act")
    descrizione = serializers.CharField(source="description")
    apertura = serializers.DateTimeField(source="opens_at")
    scadenza = serializers.DateTimeField(source="closes_at")
    aperto = serializers.SerializerMethodField()
    # Derived from tipi_ente_ammessi, kept for clients written when only Comuni and Ambiti could apply.
    possono_candidarsi_comuni = serializers.SerializerMethodField()
    possono_candidarsi_ambiti = serializers.SerializerMethodField()
    tipi_ente_ammessi = serializers.ListField(
        source="accepted_kinds", child=serializers.ChoiceField(choices=Body.Kind.choices),
        help_text="I tipi di ente che possono candidarsi; vuoto: tutti i tipi.",
    )
    pratiche_pubblicate = serializers.IntegerField(source="published_count")

    class Meta:
        model = Call
        fields = ("identificativo", "titolo", "atto", "descrizione", "apertura", "scadenza", "aperto",
                  "possono_candidarsi_comuni", "possono_candidarsi_ambiti", "tipi_ente_ammessi",
                  "pratiche_pubblicate")

    def get_aperto(self, call) -> bool:
        return call.is_open()

    def get_possono_candidarsi_comuni(self, call) -> bool:
        return call.accepts_kind(Body.Kind.COMUNE)

    def get_possono_candidarsi_ambiti(self, call) -> bool:
        return call.accepts_kind(Body.Kind.AMBITO)


class CallRefSerializer(serializers.Serializer):
    identificativo = serializers.CharField(source="slug")
    titolo = serializers.CharField(source="title")


class ProposerSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=Body.Kind.choices)
    nome = serializers.CharField()
    identificativo = serializers.CharField(
        help_text="Codice ISTAT del Comune, identificativo dell'Ambito o, per gli altri enti, dell'ente.")
    url = serializers.URLField()


class FundingSerializer(serializers.Serializer):
    """A practice's funding: the programme, the amount assigned to the practice (its share where
    stated, else what the agreement assigns), the year where all of it is of one year, and the
    agreement in full (call, code, beneficiary, amounts by year and stage, totals)."""

    programma = ProgrammeRefSerializer(source="agreement.programme")
    livello = TermRefSerializer(source="agreement.programme.level")
    importo = serializers.SerializerMethodField()
    anno = serializers.SerializerMethodField()
    nota = serializers.CharField(source="note")
    convenzione = AgreementSerializer(source="agreement")

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_importo(self, link):
        assigned = link.assigned()
        return None if assigned is None else f"{assigned:.2f}"

    def get_anno(self, link) -> int | None:
        return link.as_line()[3]


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
    sintesi = serializers.CharField(
        source="display_summary",
        help_text="La sintesi della pratica; se non è stata scritta, l'inizio della prima sezione compilata.")
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
    data_avvio = serializers.DateField(source="started_on", allow_null=True)
    data_conclusione = serializers.DateField(source="ended_on", allow_null=True)
    stato = serializers.ChoiceField(source="status", choices=Practice.Status.choices, allow_blank=True)
    persone_raggiunte = serializers.IntegerField(source="people_reached", allow_null=True)
    budget_complessivo = serializers.DecimalField(source="total_budget", max_digits=14, decimal_places=2,
                                                  allow_null=True)
    finanziamenti = FundingSerializer(source="funding", many=True)
    organizzazioni = serializers.SerializerMethodField(help_text="I partecipanti che non sono Comuni.")
    documenti = DocumentSerializer(source="documents", many=True)
    pubblicata_il = serializers.DateTimeField(source="published_at", allow_null=True)
    aggiornata_il = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Practice
        fields = (
            "identificativo", "url", "pagina_web", "titolo", "sintesi", "soggetto_proponente", "capofila",
            "partecipanti", "territorio_coperto", "provincia", "regione", "ambito_territoriale", "comuni_partner",
            *SECTION_COLUMNS.values(), "tipologia", "aree",
            "gruppi_destinatari", "poverta_educative", "avviso", "fonte", "anno_avvio", "anno_conclusione",
            "data_avvio", "data_conclusione", "stato",
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
