"""django-import-export resources: the one definition of the practice data as a table.

The back office imports and exports with these, and the public catalogue's
downloads use the same resource, so a researcher gets exactly the columns staff see.
Nested lists (funding, participants) go in one cell, one entry per line, fields
separated by " | ", so a CSV or a spreadsheet round-trips without loss.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import publishing
from .models import (
    CARD_SECTION_FIELDS,
    Body,
    Comune,
    DocumentKind,
    FundingEntry,
    FundingLevel,
    FundingProgramme,
    InvolvementRole,
    OrganisationKind,
    PolicyArea,
    Practice,
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


class AtomicModelResource(resources.ModelResource):
    """A resource whose import is all or nothing: one invalid row rolls back every row."""

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give None for an empty cell; a text field stores it as "".
        model = self._meta.model
        for field in self.get_import_fields():
            if row.get(field.column_name) is not None or field.column_name not in row or not field.attribute:
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if getattr(model_field, "null", True) is False and model_field.get_internal_type() in (
                    "CharField", "TextField", "SlugField"):
                row[field.column_name] = ""
        super().before_import_row(row, **kwargs)


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """A ManyToManyWidget that refuses unknown values instead of silently dropping them."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.model.objects.none()
        wanted = [item.strip() for item in str(value).split(self.separator) if item.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        missing = sorted(set(wanted) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(_("Valori sconosciuti: %(values)s") % {"values": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(str(getattr(item, self.field)) for item in value.all())


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("«%(value)s» non corrisponde a nessun elemento di «%(model)s».")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None


def funding_cell(entries):
    """The funding column: one line per (programme, level slug, amount, year, note)."""
    return ENTRY_SEPARATOR.join(
        FIELD_SEPARATOR.join([
            name, level or "", "" if amount is None else f"{amount:.2f}", "" if year is None else str(year), note,
        ]).rstrip(" |")
        for name, level, amount, year, note in entries
    )


def body_ref(body):
    """How a file names a body: a Comune by its ISTAT code, every other body by its identifier (slug)."""
    return ref_of(body.kind, body.comune.istat_code if body.comune_id else None, body.slug)


def ref_of(kind, istat_code, slug):
    """body_ref() from plain column values (the catalogue's downloads read rows, not objects)."""
    return istat_code if kind == Body.Kind.COMUNE else slug


def find_body(ref):
    """The body a file names (see body_ref); a Comune's body is created on first use. ISTAT
    codes are accepted without their leading zeros (a spreadsheet reads them as numbers)."""
    ref = str(ref).strip()
    if ref.isdigit():
        comune = Comune.objects.filter(istat_code=ref.zfill(6)).first()
        return Body.objects.for_comune(comune) if comune else None
    return Body.objects.filter(slug=ref).first()


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


class PracticeResource(AtomicModelResource):
    slug = fields.Field(attribute="slug", column_name="identificativo")
    title = fields.Field(attribute="title", column_name="titolo")
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
        attribute="educational_poverty", column_name="poverta_educative", widget=widgets.BooleanWidget(),
    )
    call = fields.Field(attribute="call", column_name="avviso", widget=None)
    publication = fields.Field(attribute="publication", column_name="pubblicazione", widget=_fk(Publication))
    publication_page = fields.Field(
        attribute="publication_page", column_name="pagina", widget=widgets.IntegerWidget(),
    )
    start_year = fields.Field(attribute="start_year", column_name="anno_avvio", widget=widgets.IntegerWidget())
    end_year = fields.Field(attribute="end_year", column_name="anno_conclusione", widget=widgets.IntegerWidget())
    status = fields.Field(attribute="status", column_name="stato")
    people_reached = fields.Field(
        attribute="people_reached", column_name="persone_raggiunte", widget=widgets.IntegerWidget(),
    )
    total_budget = fields.Field(
        attribute="total_budget", column_name="budget_complessivo", widget=widgets.DecimalWidget(),
    )
    funding = fields.Field(column_name="finanziamenti")
    is_published = fields.Field(attribute="is_published", column_name="pubblicata", widget=widgets.BooleanWidget())
    published_at = fields.Field(
        attribute="published_at", column_name="pubblicata_il", widget=widgets.DateTimeWidget("%Y-%m-%dT%H:%M:%S%z"),
    )

    class Meta:
        model = Practice
        import_id_fields = ("slug",)
        fields = (
            "slug", "title", "proposer_name", "province", "region", "lead", "lead_kind",
            "participants", *CARD_SECTION_FIELDS, "tipologia", "areas",
            "target_groups", "educational_poverty", "call", "publication", "publication_page",
            "start_year", "end_year", "status", "people_reached", "total_budget", "funding",
            "is_published", "published_at",
        )
        export_order = fields
        skip_unchanged = False
        clean_model_instances = True

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
                "funding__programme__level",
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
        return funding_cell(
            (entry.programme.name, entry.programme.level.slug, entry.amount, entry.year, entry.note)
            for entry in practice.funding.all()
        )

    def dehydrate_lead_kind(self, practice):
        return practice.lead.kind if practice.lead_id else ""

    def dehydrate_participants(self, practice):
        return participants_cell((body_ref(p.body), p.role.slug if p.role_id else None)
                                 for p in practice.participants.all())

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
        for parse in (self._parse_funding, self._parse_participants):
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
                amount_value = Decimal(amount.replace(",", ".")) if amount else None
            except InvalidOperation:
                raise ValidationError(
                    {column: _("Voce %(n)d: importo «%(value)s» non valido.") % {"n": line_no, "value": amount}}
                ) from None
            if amount_value is not None and (amount_value < 0 or not amount_value.is_finite()):
                raise ValidationError({column: _("Voce %(n)d: l'importo non può essere negativo.") % {"n": line_no}})
            if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
                raise ValidationError(
                    {column: _("Voce %(n)d: anno «%(value)s» non valido.") % {"n": line_no, "value": year}}
                )
            programme = FundingProgramme.objects.filter(name=name).first()
            if programme is None and level is None:
                raise ValidationError(
                    {column: _("Voce %(n)d: il programma «%(name)s» non esiste; indicarne il livello per crearlo.")
                     % {"n": line_no, "name": name}}
                )
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

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if getattr(instance, "_imported_funding", None) is not None:
            instance.funding.all().delete()
            for name, level, amount, year, note in instance._imported_funding:
                programme, _created = FundingProgramme.objects.get_or_create(
                    name=name, defaults={"slug": _unique_slug(FundingProgramme, name), "level": level},
                )
                FundingEntry.objects.create(practice=instance, programme=programme, amount=amount, year=year, note=note)
        if getattr(instance, "_imported_participants", None) is not None:
            instance.participants.all().delete()
            PracticeParticipant.objects.bulk_create(
                PracticeParticipant(practice=instance, body=body, role=role, position=position)
                for position, (body, role) in enumerate(instance._imported_participants)
            )
            instance.refresh_participant_names()


def _unique_slug(model, text):
    base = slugify(text)[:100] or "voce"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class TermResource(AtomicModelResource):
    """Import/export of a taxonomy: identified by its slug."""

    slug = fields.Field(attribute="slug", column_name="identificativo")
    name = fields.Field(attribute="name", column_name="nome")
    description = fields.Field(attribute="description", column_name="descrizione")
    position = fields.Field(attribute="position", column_name="ordine", widget=widgets.IntegerWidget())

    class Meta:
        import_id_fields = ("slug",)
        fields = ("slug", "name", "description", "position")
        clean_model_instances = True


def term_resource(term_model):
    return type(f"{term_model.__name__}Resource", (TermResource,), {
        "Meta": type("Meta", (TermResource.Meta,), {"model": term_model}),
    })


TAXONOMY_RESOURCES = {
    model: term_resource(model)
    for model in (Tipologia, PolicyArea, TargetGroup, OrganisationKind, InvolvementRole, FundingLevel, DocumentKind)
}
