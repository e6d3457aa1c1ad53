"""django-import-export resources: the one definition of the practice data as a table.

The back office imports and exports with these, and the public catalogue's
downloads use the same resource, so a researcher gets exactly the columns staff see.
Nested lists (funding, participants, link documents) go in one cell, one entry per line,
fields separated by " | ", so a CSV or a spreadsheet round-trips without loss, and a whole
collection of practices with their links goes in one file, in one go. Reading the file the
Italian way (numbers, dates, ISTAT codes, errors naming row and column) and all or nothing is
buonepratiche/imports.py's.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from buonepratiche.imports import (
    istat_code,
    IstatForeignKeyWidget,
    IstatManyToManyWidget,
    ItalianBooleanWidget,
    ItalianDateWidget,
    ItalianDateTimeWidget,
    ItalianDecimalWidget,
    ItalianIntegerWidget,
    ItalianModelResource,
    StrictForeignKeyWidget,
    StrictManyToManyWidget,
    clean_nested,
    parse_italian_decimal,
)

from . import publishing
from .models import (
    CARD_SECTION_FIELDS,
    Body,
    Comune,
    DocumentKind,
    FundingLevel,
    InvolvementRole,
    PolicyArea,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Publication,
    TargetGroup,
    Tipologia,
)

ENTRY_SEPARATOR = "\n"
SECTION_COLUMNS = {  # keys: CARD_SECTION_FIELDS, in the same order
    "intervention_area": "ambito_intervento",
    "recipients": "destinatari",
    "aims": "finalita",
    "implementation": "modalita_realizzazione",
    "expected_results": "risultati_attesi",
    "achieved_results": "risultati_conseguiti",
    "resources": "risorse_impiegate",
    "stakeholders": "soggetti_coinvolti",
    "improvements": "margini_miglioramento",
}
FIELD_SEPARATOR = " | "


# The funding app (to the left of practices) turns the «finanziamenti» lines into its chain of
# programmes and agreements: it registers writer(practice, lines) at start-up, lines being
# (programme name, FundingLevel or None, amount, year, note).
_funding_writers = []


def register_funding_writer(writer):
    if writer not in _funding_writers:
        _funding_writers.append(writer)


def funding_cell(entries):
    """The funding column: one line per (programme, level slug, amount, year, note)."""
    return ENTRY_SEPARATOR.join(
        FIELD_SEPARATOR.join([
            name, level or "", "" if amount is None else f"{amount:.2f}", "" if year is None else str(year), note,
        ]).rstrip(" |")
        for name, level, amount, year, note in entries
    )


def agreement_codes_cell(codes):
    """The agreements' codes, one per line; agreements without a code are left out."""
    return ENTRY_SEPARATOR.join(code for code in codes if code)


def total_cell(amounts):
    """The sum of the amounts stated, empty if none is."""
    stated = [amount for amount in amounts if amount is not None]
    return f"{sum(stated):.2f}" if stated else ""


def body_ref(body):
    """How a file names a body: a Comune by its ISTAT code, every other body by its identifier (slug)."""
    return ref_of(body.kind, body.comune.istat_code if body.comune_id else None, body.slug)


def ref_of(kind, istat_code, slug):
    """body_ref() from plain column values (the catalogue's downloads read rows, not objects)."""
    return istat_code if kind == Body.Kind.COMUNE else slug


def find_body(ref):
    """The body a file names (see body_ref); a Comune's body is created on first use. A number is
    a Comune's ISTAT code, with or without its leading zeros (a spreadsheet reads 072006 as
    72006 or 72006.0); an impossible one raises ValueError in Italian."""
    text = str(ref).strip()
    if isinstance(ref, (int, float)) or re.fullmatch(r"\d+(\.\d+)?", text):
        comune = Comune.objects.filter(istat_code=istat_code(ref, "comune")).first()
        return Body.objects.for_comune(comune) if comune else None
    return Body.objects.filter(slug=text).first()


def participants_cell(entries):
    """The participants column: one line per (body_ref, role slug or None)."""
    return ENTRY_SEPARATOR.join(FIELD_SEPARATOR.join([ref, role]) if role else ref for ref, role in entries)


class BodyWidget(widgets.ForeignKeyWidget):
    """The lead's column: a Comune's ISTAT code or another body's identifier (see body_ref)."""

    def __init__(self):
        super().__init__(Body, field="slug")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        body = find_body(value)
        if body is None:
            raise ValueError(_("«%(value)s» non è il codice ISTAT di un comune né l'identificativo di un ente.")
                             % {"value": value})
        return body

    def render(self, value, obj=None, **kwargs):
        return body_ref(value) if value is not None else ""


def documents_cell(items):
    """The documents column: one line per link document (title, URL, kind slug)."""
    return ENTRY_SEPARATOR.join(FIELD_SEPARATOR.join(item) for item in items)


def _fk(model, field="slug"):
    return StrictForeignKeyWidget(model, field=field)


def _m2m(model, field="slug"):
    return StrictManyToManyWidget(model, field=field, separator="|")


def _split_entries(cell, size, column):
    entries = []
    for line_no, line in enumerate(str(cell or "").split(ENTRY_SEPARATOR), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(FIELD_SEPARATOR.strip())]
        if len(parts) > size:
            raise ValidationError(
                {column: _("Voce %(n)d: troppi campi (%(found)d, al massimo %(max)d separati da «|»).")
                 % {"n": line_no, "found": len(parts), "max": size}}
            )
        entries.append((line_no, parts + [""] * (size - len(parts))))
    return entries


def _lookup(model, slug, column, line_no):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise ValidationError(
            {column: _("Voce %(n)d: «%(value)s» non è un valore valido per %(model)s.")
             % {"n": line_no, "value": slug, "model": model._meta.verbose_name}}
        ) from None


class PracticeResource(ItalianModelResource):
    slug = fields.Field(attribute="slug", column_name="identificativo")
    title = fields.Field(attribute="title", column_name="titolo")
    summary = fields.Field(attribute="summary", column_name="sintesi")
    proposer_name = fields.Field(column_name="soggetto_proponente", readonly=True)
    province = fields.Field(column_name="provincia", readonly=True)
    region = fields.Field(column_name="regione", readonly=True)
    lead = fields.Field(attribute="lead", column_name="ente_capofila", widget=BodyWidget())
    lead_kind = fields.Field(column_name="tipo_ente_capofila", readonly=True)
    participants = fields.Field(column_name="partner")
    tipologia = fields.Field(attribute="tipologia", column_name="tipologia", widget=_fk(Tipologia))
    areas = fields.Field(attribute="areas", column_name="aree", widget=_m2m(PolicyArea))
    target_groups = fields.Field(attribute="target_groups", column_name="gruppi_destinatari", widget=_m2m(TargetGroup))
    educational_poverty = fields.Field(
        attribute="educational_poverty", column_name="poverta_educative", widget=ItalianBooleanWidget(),
        saves_null_values=False,
    )
    call = fields.Field(attribute="call", column_name="avviso", widget=None)
    publication = fields.Field(attribute="publication", column_name="pubblicazione", widget=_fk(Publication))
    publication_page = fields.Field(
        attribute="publication_page", column_name="pagina", widget=ItalianIntegerWidget(),
    )
    start_year = fields.Field(attribute="start_year", column_name="anno_avvio", widget=ItalianIntegerWidget())
    end_year = fields.Field(attribute="end_year", column_name="anno_conclusione", widget=ItalianIntegerWidget())
    started_on = fields.Field(attribute="started_on", column_name="data_avvio", widget=ItalianDateWidget())
    ended_on = fields.Field(attribute="ended_on", column_name="data_conclusione", widget=ItalianDateWidget())
    status = fields.Field(attribute="status", column_name="stato")
    people_reached = fields.Field(
        attribute="people_reached", column_name="persone_raggiunte", widget=ItalianIntegerWidget(),
    )
    total_budget = fields.Field(
        attribute="total_budget", column_name="budget_complessivo", widget=ItalianDecimalWidget(),
    )
    funding = fields.Field(column_name="finanziamenti")
    agreement_codes = fields.Field(column_name="codici_convenzione", readonly=True)
    total_assigned = fields.Field(column_name="totale_assegnato", readonly=True)
    documents = fields.Field(column_name="documenti")
    # An empty cell keeps what is stored: an import never clears a publication date, and a
    # practice marked published without one gets the time of publication (Practice.date_publication).
    is_published = fields.Field(
        attribute="is_published", column_name="pubblicata", widget=ItalianBooleanWidget(), saves_null_values=False,
    )
    published_at = fields.Field(
        attribute="published_at", column_name="pubblicata_il", widget=ItalianDateTimeWidget("%Y-%m-%dT%H:%M:%S%z"),
        saves_null_values=False,
    )

    class Meta:
        model = Practice
        import_id_fields = ("slug",)
        fields = (
            "slug", "title", "summary", "proposer_name", "province", "region", "lead", "lead_kind",
            "participants", *CARD_SECTION_FIELDS, "tipologia", "areas",
            "target_groups", "educational_poverty", "call", "publication", "publication_page",
            "start_year", "end_year", "started_on", "ended_on", "status", "people_reached", "total_budget", "funding",
            "agreement_codes", "total_assigned", "documents", "is_published", "published_at",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The call model through the relation that names it: practices imports nothing above it.
        self.fields["call"].widget = _fk(Practice.call.field.related_model)
        for name, column in SECTION_COLUMNS.items():
            self.fields[name].column_name = column

    def get_queryset(self):
        return self.optimise(Practice.objects.all())

    @staticmethod
    def optimise(queryset):
        """Add the joins and prefetches the export needs, keeping the queryset's filters and order."""
        return (
            queryset.select_related(
                "lead__comune", "lead__province", "lead__region", "tipologia", "call", "publication",
            )
            .prefetch_related(
                "participants__body__comune", "participants__role", "areas", "target_groups",
                "funding__agreement__programme__level", "funding__agreement__amounts", "documents__kind",
            )
        )

    def filter_export(self, queryset, **kwargs):
        return self.optimise(super().filter_export(queryset, **kwargs))

    def dehydrate_proposer_name(self, practice):
        return practice.italian_proposer_name

    def dehydrate_province(self, practice):
        province = practice.province
        return province.sigla if province else ""

    def dehydrate_region(self, practice):
        region = practice.region
        return region.name if region else ""

    def dehydrate_funding(self, practice):
        return funding_cell(link.as_line() for link in practice.funding.all())

    def dehydrate_agreement_codes(self, practice):
        return agreement_codes_cell(link.agreement.code for link in practice.funding.all())

    def dehydrate_total_assigned(self, practice):
        return total_cell(link.assigned() for link in practice.funding.all())

    def dehydrate_lead_kind(self, practice):
        return practice.lead.kind if practice.lead_id else ""

    def dehydrate_participants(self, practice):
        return participants_cell((body_ref(p.body), p.role.slug if p.role_id else None)
                                 for p in practice.participants.all())

    def dehydrate_documents(self, practice):
        return documents_cell(
            (document.title, document.url, document.kind.slug) for document in practice.documents.all()
            if not document.file
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        was_published = instance.is_published
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance.pk and instance.is_published != was_published and publishing.owner_of(instance):
            # Its candidacy decides (practices/publishing.py): the import must not bypass the workflow.
            errors.setdefault("is_published", []).append(
                _("La pratica viene da una candidatura: si pubblica o si ritira con le azioni dell'elenco delle "
                  "pratiche, che aggiornano anche la candidatura."))
        for parse in (self._parse_funding, self._parse_participants, self._parse_documents):
            try:
                parse(instance, row)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _parse_funding(self, instance, row):
        column = self.fields["funding"].column_name
        instance._imported_funding = None
        if column not in row:
            return
        parsed = []
        for line_no, (name, level_slug, amount, year, note) in _split_entries(row[column], 5, column):
            if not name:
                raise ValidationError({column: _("Voce %(n)d: manca il nome del programma.") % {"n": line_no}})
            level = _lookup(FundingLevel, level_slug, column, line_no) if level_slug else None
            try:
                amount_value = parse_italian_decimal(amount) if amount else None
            except ValueError:
                raise ValidationError(
                    {column: _("Voce %(n)d: importo «%(value)s» non valido.") % {"n": line_no, "value": amount}}
                ) from None
            if amount_value is not None and (amount_value < 0 or not amount_value.is_finite()):
                raise ValidationError({column: _("Voce %(n)d: l'importo non può essere negativo.") % {"n": line_no}})
            if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
                raise ValidationError(
                    {column: _("Voce %(n)d: anno «%(value)s» non valido.") % {"n": line_no, "value": year}}
                )
            # The programme model through the relation that names it: practices imports no app to its left.
            programmes = FundingLevel.programmes.rel.related_model.objects
            if level is None and not programmes.filter(name=name).exists():
                raise ValidationError(
                    {column: _("Voce %(n)d: il programma «%(name)s» non esiste; indicarne il livello per crearlo.")
                     % {"n": line_no, "name": name}}
                )
            # Lengths as the funding models will store them (reached through relations, as above).
            clean_nested(Practice.funding.rel.related_model(note=note), column, line_no,
                         exclude=["practice", "agreement", "share", "position"])
            clean_nested(programmes.model(name=name, slug="programma"), column, line_no,
                         exclude=["slug", "level", "managing_authority", "cycle", "description", "website"])
            parsed.append((name, level, amount_value, int(year) if year else None, note))
        instance._imported_funding = parsed

    def _parse_participants(self, instance, row):
        column = self.fields["participants"].column_name
        instance._imported_participants = None
        if column not in row:
            return
        parsed = []
        for line_no, (ref, role_slug) in _split_entries(row[column], 2, column):
            body = find_body(ref) if ref else None
            if body is None:
                raise ValidationError({column: _("Voce %(n)d: «%(value)s» non è il codice ISTAT di un comune né "
                                                 "l'identificativo di un ente.") % {"n": line_no, "value": ref}})
            role = _lookup(InvolvementRole, role_slug, column, line_no) if role_slug else None
            if (body, role) in parsed:
                raise ValidationError({column: _(
                    "Voce %(n)d: l'ente «%(value)s» è già indicato con lo stesso ruolo.") % {"n": line_no, "value": ref}})
            parsed.append((body, role))
        instance._imported_participants = parsed

    def _parse_documents(self, instance, row):
        """Link documents, one a line: «titolo | url | tipo» (the kind's identifier or name;
        «altro» when left out). Uploaded files are managed in the practice's page and kept."""
        column = self.fields["documents"].column_name
        instance._imported_documents = None
        if column not in row:
            return
        parsed = []
        for line_no, (title, url, kind_value) in _split_entries(row[column], 3, column):
            if not title or not url:
                raise ValidationError({column: _("Voce %(n)d: servono il titolo e l'indirizzo web del documento, "
                                                 "separati da «|».") % {"n": line_no}})
            try:
                kind = DocumentKindWidget().clean(kind_value)
            except ValueError as exc:
                raise ValidationError({column: _("Voce %(n)d: %(error)s") % {"n": line_no, "error": exc}}) from None
            document = PracticeDocument(kind=kind, title=title, url=url)
            clean_nested(document, column, line_no, exclude=["practice", "file", "kind", "position"])
            parsed.append(document)
        instance._imported_documents = parsed

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if getattr(instance, "_imported_funding", None) is not None:
            for writer in _funding_writers:
                writer(instance, instance._imported_funding)
        if getattr(instance, "_imported_participants", None) is not None:
            instance.participants.all().delete()
            PracticeParticipant.objects.bulk_create(
                PracticeParticipant(practice=instance, body=body, role=role, position=position)
                for position, (body, role) in enumerate(instance._imported_participants)
            )
            instance.refresh_participant_names()
        if getattr(instance, "_imported_documents", None) is not None:
            instance.documents.filter(file="").delete()
            for position, document in enumerate(instance._imported_documents):
                document.practice, document.position = instance, position
                document.save()


class DocumentKindWidget(StrictForeignKeyWidget):
    """A document kind by its identifier (delibera) or its name (Delibera); «altro» when the
    cell is empty, rather than refusing a link whose kind nobody recorded."""

    def __init__(self):
        super().__init__(DocumentKind, field="slug")

    def clean(self, value, row=None, **kwargs):
        wanted = str(value).strip() if value else "altro"
        kind = (DocumentKind.objects.filter(slug=wanted).first()
                or next((k for k in DocumentKind.objects.all() if k.name.casefold() == wanted.casefold()), None))
        if kind is None:
            raise ValueError(_("«%(value)s» non è un tipo di documento (ad esempio avviso, delibera, pagina-web).")
                             % {"value": value})
        return kind


class PracticeDocumentResource(ItalianModelResource):
    """Link documents of existing practices, one a row: to add the avvisi and delibere of many
    practices at once. A row is identified by its practice and its address; uploaded files are
    managed in the practice's page and are neither exported nor touched here."""

    practice = fields.Field(attribute="practice", column_name="pratica", widget=_fk(Practice))
    kind = fields.Field(attribute="kind", column_name="tipo", widget=DocumentKindWidget())
    title = fields.Field(attribute="title", column_name="titolo")
    url = fields.Field(attribute="url", column_name="url")
    position = fields.Field(attribute="position", column_name="ordine", widget=ItalianIntegerWidget(),
                            saves_null_values=False)

    class Meta:
        model = PracticeDocument
        import_id_fields = ("practice", "url")
        fields = ("practice", "kind", "title", "url", "position")
        export_order = fields

    def get_queryset(self):
        return self.links(PracticeDocument.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.links(super().filter_export(queryset, **kwargs))

    @staticmethod
    def links(queryset):
        """Link documents only, grouped by practice in each one's order."""
        return queryset.filter(file="").select_related("practice", "kind").order_by("practice__slug", "position", "id")


class TermResource(ItalianModelResource):
    """Import/export of a taxonomy: identified by its slug."""

    slug = fields.Field(attribute="slug", column_name="identificativo")
    name = fields.Field(attribute="name", column_name="nome")
    description = fields.Field(attribute="description", column_name="descrizione")
    position = fields.Field(attribute="position", column_name="ordine", widget=ItalianIntegerWidget())

    class Meta:
        import_id_fields = ("slug",)
        fields = ("slug", "name", "description", "position")


def term_resource(term_model):
    return type(f"{term_model.__name__}Resource", (TermResource,), {
        "Meta": type("Meta", (TermResource.Meta,), {"model": term_model}),
    })


TAXONOMY_RESOURCES = {
    model: term_resource(model)
    for model in (Tipologia, PolicyArea, TargetGroup, InvolvementRole, FundingLevel, DocumentKind)
}
