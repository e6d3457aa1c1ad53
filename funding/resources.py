"""Import and export of the funding chain (django-import-export): programmes, calls for funding,
agreements with their amounts and documents, one row each, with Italian column names.

Nested lists go in one cell, one entry per line, fields separated by « | », as in the practice
table (practices.resources): `importi` is «anno | assegnato | impegnato | liquidato |
rendicontato», `documenti` is «tipo | titolo | indirizzo web». Amounts are read with
funding.amounts.parse_amount, so `275.338,66` is accepted everywhere.

The base is the shared import base (buonepratiche/imports.py): all or nothing, Italian errors
naming the file's row and column, Italian numbers and dates.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from practices.models import DocumentKind, FundingLevel, Practice
from buonepratiche.imports import ItalianDateWidget, ItalianModelResource, StrictForeignKeyWidget
from practices.resources import ENTRY_SEPARATOR, FIELD_SEPARATOR, BodyWidget, _split_entries, find_body

from .amounts import format_amount, parse_amount
from .models import Agreement, AgreementAmount, FundingCall, PracticeFunding, Programme
from .models.agreement import Stage

BASE = ItalianModelResource
STAGES = tuple(Stage)


def _fk(model, field="slug"):
    return StrictForeignKeyWidget(model, field=field)


def documents_cell(documents):
    return ENTRY_SEPARATOR.join(
        FIELD_SEPARATOR.join([d.kind.slug, d.title, d.url or d.href]) for d in documents.all())


def parse_documents(cell, column):
    parsed = []
    for line_no, (kind_slug, title, url) in _split_entries(cell, 3, column):
        kind = DocumentKind.objects.filter(slug=kind_slug).first()
        if kind is None:
            raise ValidationError({column: _("Voce %(n)d: «%(value)s» non è un tipo di documento.")
                                   % {"n": line_no, "value": kind_slug}})
        if not title or not url:
            raise ValidationError({column: _("Voce %(n)d: indicare tipo, titolo e indirizzo web separati da «|».")
                                   % {"n": line_no}})
        parsed.append((kind, title, url))
    return parsed


class DocumentsMixin:
    """The `documenti` column: the owner's link documents, replaced by the file's when it has the column."""

    def dehydrate_documents(self, obj):
        return documents_cell(obj.documents) if obj.pk else ""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for parse in self.nested_parsers():
            try:
                parse(instance, row)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def nested_parsers(self):
        return [self._parse_documents]

    def _parse_documents(self, instance, row):
        column = self.fields["documents"].column_name
        instance._imported_documents = parse_documents(row[column], column) if column in row else None

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        documents = getattr(instance, "_imported_documents", None)
        if documents is not None:
            instance.documents.all().delete()
            for position, (kind, title, url) in enumerate(documents):
                document = instance.documents.model(kind=kind, title=title, url=url, position=position,
                                                    **{instance.documents.field.name: instance})
                document.full_clean()
                document.save()


class ProgrammeResource(DocumentsMixin, BASE):
    slug = fields.Field(attribute="slug", column_name="identificativo")
    name = fields.Field(attribute="name", column_name="nome")
    level = fields.Field(attribute="level", column_name="livello", widget=_fk(FundingLevel))
    managing_authority = fields.Field(attribute="managing_authority", column_name="autorita_di_gestione",
                                      widget=BodyWidget())
    cycle = fields.Field(attribute="cycle", column_name="ciclo")
    description = fields.Field(attribute="description", column_name="descrizione")
    website = fields.Field(attribute="website", column_name="sito_web")
    documents = fields.Field(column_name="documenti")

    class Meta:
        model = Programme
        import_id_fields = ("slug",)
        fields = ("slug", "name", "level", "managing_authority", "cycle", "description", "website", "documents")
        export_order = fields
        skip_unchanged = False
        clean_model_instances = True


class FundingCallResource(DocumentsMixin, BASE):
    programme = fields.Field(attribute="programme", column_name="programma", widget=_fk(Programme))
    code = fields.Field(attribute="code", column_name="codice")
    title = fields.Field(attribute="title", column_name="titolo")
    act = fields.Field(attribute="act", column_name="atto")
    date = fields.Field(attribute="date", column_name="data", widget=ItalianDateWidget())
    url = fields.Field(attribute="url", column_name="indirizzo_web")
    documents = fields.Field(column_name="documenti")

    class Meta:
        model = FundingCall
        import_id_fields = ("programme", "code", "title")
        fields = ("programme", "code", "title", "act", "date", "url", "documents")
        export_order = fields
        skip_unchanged = False
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        """The call with this code in the programme, else the one with this title."""
        programme = Programme.objects.filter(slug=row.get("programma")).first()
        if programme is None:
            return None
        calls = programme.calls.all()
        code = (row.get("codice") or "").strip()
        return calls.filter(code=code).first() if code else calls.filter(code="", title=row.get("titolo")).first()


class AgreementResource(DocumentsMixin, BASE):
    """One row per agreement or allocation, identified by its programme and code (or, without a
    code, by programme, beneficiary, kind and call), with its amounts in `importi` and, in
    `pratiche`, the identifiers of the practices it funds, one a line: so an agreement imported
    after its practices (a foundation's grant, a national convenzione) is linked to them."""

    programme = fields.Field(attribute="programme", column_name="programma", widget=_fk(Programme))
    code = fields.Field(attribute="code", column_name="codice")
    kind = fields.Field(attribute="kind", column_name="tipo")
    # A body as every import names it: a Comune by its ISTAT code, any other body by its identifier.
    beneficiary = fields.Field(attribute="beneficiary", column_name="beneficiario", widget=BodyWidget())
    funding_call = fields.Field(attribute="funding_call", column_name="avviso_codice")
    title = fields.Field(attribute="title", column_name="titolo")
    signed_on = fields.Field(attribute="signed_on", column_name="sottoscritta_il", widget=ItalianDateWidget())
    starts_on = fields.Field(attribute="starts_on", column_name="inizio", widget=ItalianDateWidget())
    ends_on = fields.Field(attribute="ends_on", column_name="fine", widget=ItalianDateWidget())
    note = fields.Field(attribute="note", column_name="nota")
    amounts = fields.Field(column_name="importi")
    documents = fields.Field(column_name="documenti")
    practices = fields.Field(column_name="pratiche")

    class Meta:
        model = Agreement
        import_id_fields = ("programme", "code")
        fields = ("programme", "code", "kind", "beneficiary", "funding_call", "title", "signed_on", "starts_on",
                  "ends_on", "note", "amounts", "documents", "practices")
        export_order = fields
        skip_unchanged = False
        clean_model_instances = True

    def get_queryset(self):
        return Agreement.objects.with_amounts().prefetch_related("practice_links__practice")

    def get_instance(self, instance_loader, row):
        programme = Programme.objects.filter(slug=row.get("programma")).first()
        if programme is None:
            return None
        code = (row.get("codice") or "").strip()
        if code:
            return programme.agreements.filter(code=code).first()
        ref = row.get("beneficiario")
        try:
            beneficiary = find_body(ref) if ref not in (None, "") else None
        except ValueError:
            return None  # the beneficiario column reports the impossible code
        return programme.agreements.filter(
            code="", beneficiary=beneficiary, kind=row.get("tipo") or Agreement.Kind.AGREEMENT,
        ).first()

    def dehydrate_funding_call(self, agreement):
        call = agreement.funding_call
        return (call.code or call.title) if call else ""

    def dehydrate_amounts(self, agreement):
        table = agreement.amount_table()
        lines = []
        # Written as the import reads them (275.338,66), whatever the language of the admin.
        with translation.override("it"):
            for year, row in table.rows:
                by_stage = dict(zip(table.stages, row))
                cells = [format_amount(by_stage.get(stage)) for stage in STAGES]
                lines.append(FIELD_SEPARATOR.join([str(year), *cells]).rstrip(" |"))
        return ENTRY_SEPARATOR.join(lines)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "funding_call":
            instance.funding_call = self._call(row)
            return
        if field.attribute == "kind" and not row.get(field.column_name):
            return  # the model's default (convenzione)
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def _call(self, row):
        ref = (row.get("avviso_codice") or "").strip()
        if not ref:
            return None
        call = FundingCall.objects.filter(programme__slug=row.get("programma")).filter(code=ref).first() \
            or FundingCall.objects.filter(programme__slug=row.get("programma"), title=ref).first()
        if call is None:
            raise ValueError(_("«%(value)s» non è un avviso di questo programma.") % {"value": ref})
        return call

    def dehydrate_practices(self, agreement):
        if not agreement.pk:
            return ""
        return ENTRY_SEPARATOR.join(link.practice.slug for link in agreement.practice_links.all())

    def nested_parsers(self):
        return [self._parse_documents, self._parse_amounts, self._parse_practices]

    def _parse_practices(self, instance, row):
        column = self.fields["practices"].column_name
        instance._imported_practices = None
        if column not in row:
            return
        parsed = []
        for line_no, (slug,) in _split_entries(row[column], 1, column):
            practice = Practice.objects.filter(slug=slug).first()
            if practice is None:
                raise ValidationError({column: _("Voce %(n)d: nessuna pratica ha l'identificativo «%(value)s».")
                                       % {"n": line_no, "value": slug}})
            if practice in parsed:
                raise ValidationError({column: _("Voce %(n)d: la pratica «%(value)s» è già indicata.")
                                       % {"n": line_no, "value": slug}})
            parsed.append(practice)
        instance._imported_practices = parsed

    def _parse_amounts(self, instance, row):
        column = self.fields["amounts"].column_name
        instance._imported_amounts = None
        if column not in row:
            return
        parsed, years = [], set()
        for line_no, (year, *amounts) in _split_entries(row[column], 1 + len(STAGES), column):
            if not (year.isdigit() and 1950 <= int(year) <= 2100):
                raise ValidationError({column: _("Voce %(n)d: anno «%(value)s» non valido.")
                                       % {"n": line_no, "value": year}})
            if year in years:
                raise ValidationError({column: _("Voce %(n)d: l'anno %(value)s è ripetuto.")
                                       % {"n": line_no, "value": year}})
            years.add(year)
            for stage, text in zip(STAGES, amounts):
                try:
                    amount = parse_amount(text)
                except ValueError as exc:
                    raise ValidationError({column: _("Voce %(n)d, %(stage)s: %(error)s")
                                           % {"n": line_no, "stage": stage.label, "error": exc}}) from None
                if amount is not None:
                    parsed.append((int(year), stage, amount))
        instance._imported_amounts = parsed

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        amounts = getattr(instance, "_imported_amounts", None)
        if amounts is not None:
            instance.amounts.all().delete()
            AgreementAmount.objects.bulk_create(
                AgreementAmount(agreement=instance, year=year, stage=stage, amount=amount)
                for year, stage, amount in amounts)
        practices = getattr(instance, "_imported_practices", None)
        if practices is not None:
            # The file's list is the agreement's: links it leaves out go, a link kept keeps its
            # share and note, a new one comes after the practice's other funding.
            instance.practice_links.exclude(practice__in=practices).delete()
            linked = set(instance.practice_links.values_list("practice_id", flat=True))
            for practice in practices:
                if practice.pk not in linked:
                    PracticeFunding.objects.create(practice=practice, agreement=instance,
                                                   position=practice.funding.count())
