"""Import and export of Ambiti (members, capofila, governance) and of their Piani di Zona.

An Ambito is one row. Lists go in one cell separated by ";": the member Comuni by ISTAT code
(a spreadsheet that read the code as a number and dropped its leading zeros is accepted), the
other member bodies by identifier or as "Name (kind)", e.g. "Comunità Montana Valle Brembana
(Comunità Montana)". A body named with its kind that does not exist yet is created, so an
Ambito and its Comunità Montana can come in one file. The Ufficio di Piano's address, email,
PEC, phone and website are the public contact of the Ambito's body and are written there.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from buonepratiche.imports import ItalianModelResource, StrictForeignKeyWidget, istat_code

from .models import Ambito, AssociationForm, Body, Comune, Province, ZonePlan

ImportBase = ItalianModelResource

LIST_SEPARATOR = ";"
KIND_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\((?P<kind>[^()]+)\)\s*$")
# The Ufficio di Piano's public contact: resource column -> field of the Ambito's body.
OFFICE_CONTACT_COLUMNS = {
    "indirizzo_ufficio_di_piano": "address",
    "email_ufficio_di_piano": "email",
    "pec_ufficio_di_piano": "pec",
    "telefono_ufficio_di_piano": "phone",
    "sito_web_ufficio_di_piano": "website",
}


def _entries(value):
    return [item.strip() for item in str(value or "").split(LIST_SEPARATOR) if item.strip()]


def _kind(text):
    """The Body.Kind named by its value or its label, in any case; None if none is."""
    wanted = text.strip().casefold()
    for value, label in Body.Kind.choices:
        if wanted in (value, str(label).casefold()):
            return value
    return None


def body_label(body):
    """How a body is written in a cell: a Comune by its ISTAT code, any other as "Name (kind)"."""
    if body.kind == Body.Kind.COMUNE and body.comune_id:
        return body.comune.istat_code
    return f"{body.name} ({body.get_kind_display()})"


def body_from_entry(entry, column):
    """The body a cell entry names: an ISTAT code (a Comune's body), an identifier, or
    "Name (kind)", created if no body of that kind has that name."""
    if entry.replace(".", "").isdigit():
        comune = Comune.objects.filter(istat_code=istat_code(entry, "comune")).first()
        if comune is None:
            raise ValueError(_("colonna «%(column)s»: nessun Comune ha il codice ISTAT «%(value)s».")
                             % {"column": column, "value": entry})
        return Body.objects.for_comune(comune)
    body = Body.objects.filter(slug=entry).first()
    if body is not None:
        return body
    match = KIND_SUFFIX.match(entry)
    kind = _kind(match["kind"]) if match else None
    if kind is None:
        raise ValueError(_("colonna «%(column)s»: «%(value)s» non è l'identificativo di un ente; per un ente "
                           "nuovo scrivere il nome seguito dal tipo tra parentesi, ad esempio «Comunità Montana "
                           "Valle Brembana (Comunità Montana)».") % {"column": column, "value": entry})
    if kind in (Body.Kind.COMUNE, Body.Kind.AMBITO):
        raise ValueError(_("colonna «%(column)s»: un Comune si indica con il codice ISTAT, un Ambito con il suo "
                           "identificativo («%(value)s»).") % {"column": column, "value": entry})
    found = list(Body.objects.filter(kind=kind, name__iexact=match["name"])[:2])
    if len(found) > 1:
        raise ValueError(_("colonna «%(column)s»: più enti si chiamano «%(value)s»: indicare l'identificativo.")
                         % {"column": column, "value": match["name"]})
    if found:
        return found[0]
    body = Body(kind=kind, name=match["name"])
    body.full_clean(exclude=["slug"])
    body.save()
    return body


class BodyWidget(widgets.ForeignKeyWidget):
    def __init__(self, column):
        super().__init__(Body)
        self.column = column

    def clean(self, value, row=None, **kwargs):
        return body_from_entry(str(value).strip(), self.column) if str(value or "").strip() else None

    def render(self, value, obj=None, **kwargs):
        return body_label(value) if value is not None else ""


class BodiesWidget(widgets.ManyToManyWidget):
    def __init__(self, column):
        super().__init__(Body, separator=LIST_SEPARATOR)
        self.column = column

    def clean(self, value, row=None, **kwargs):
        bodies = [body_from_entry(entry, self.column) for entry in _entries(value)]
        for body in bodies:
            if body.kind in (Body.Kind.COMUNE, Body.Kind.AMBITO):
                raise ValueError(_("colonna «%(column)s»: «%(value)s» è un %(kind)s: qui vanno gli altri enti (i "
                                   "Comuni nella colonna «comuni_istat»).")
                                 % {"column": self.column, "value": body, "kind": body.get_kind_display()})
        return bodies

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(body_label(body) for body in value.all()) if value is not None else ""


class ComuniWidget(widgets.ManyToManyWidget):
    """Comuni by ISTAT code, with or without leading zeros; an unknown code is an error."""

    def __init__(self, column):
        super().__init__(Comune, field="istat_code", separator=LIST_SEPARATOR)
        self.column = column

    def clean(self, value, row=None, **kwargs):
        codes = [istat_code(entry, "comune") for entry in _entries(value)]
        found = list(Comune.objects.filter(istat_code__in=codes))
        missing = sorted(set(codes) - {comune.istat_code for comune in found})
        if missing:
            raise ValueError(_("colonna «%(column)s»: nessun Comune ha il codice ISTAT %(codes)s.")
                             % {"column": self.column, "codes": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(c.istat_code for c in value.order_by("istat_code")) if value is not None else ""


class ChoiceWidget(widgets.Widget):
    """A choice by its label as the page shows it, or by its stored value."""

    def __init__(self, choices, column):
        self.choices, self.column = choices, column

    def clean(self, value, row=None, **kwargs):
        wanted = str(value or "").strip()
        if not wanted:
            return ""
        for stored, label in self.choices.choices:
            if wanted.casefold() in (stored, str(label).casefold()):
                return stored
        raise ValueError(_("colonna «%(column)s»: «%(value)s» non è tra i valori ammessi (%(allowed)s).") % {
            "column": self.column, "value": wanted, "allowed": "; ".join(str(l) for _v, l in self.choices.choices)})

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


def _field(attribute, column, widget=None):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class AmbitoResource(ImportBase):
    slug = _field("slug", "identificativo")
    name = _field("name", "nome")
    full_name = _field("full_name", "denominazione_estesa")
    code = _field("code", "codice_regionale")
    province = _field("province", "provincia", StrictForeignKeyWidget(Province, field="sigla"))
    capofila = _field("capofila", "capofila", BodyWidget("capofila"))
    members = _field("members", "comuni_istat", ComuniWidget("comuni_istat"))
    member_bodies = _field("member_bodies", "altri_enti_associati", BodiesWidget("altri_enti_associati"))
    association_form = _field("association_form", "forma_associativa",
                              ChoiceWidget(AssociationForm, "forma_associativa"))
    health_district = _field("health_district", "distretto_sociosanitario")
    health_authority = _field("health_authority", "azienda_sanitaria", BodyWidget("azienda_sanitaria"))
    office_hours = _field("office_hours", "orari_ufficio_di_piano")
    office_contact_role = _field("office_contact_role", "referente_ufficio_di_piano")
    office_address = fields.Field(column_name="indirizzo_ufficio_di_piano")
    office_email = fields.Field(column_name="email_ufficio_di_piano")
    office_pec = fields.Field(column_name="pec_ufficio_di_piano")
    office_phone = fields.Field(column_name="telefono_ufficio_di_piano")
    office_website = fields.Field(column_name="sito_web_ufficio_di_piano")

    class Meta:
        model = Ambito
        import_id_fields = ("slug",)
        fields = ("slug", "name", "full_name", "code", "province", "capofila", "members", "member_bodies",
                  "association_form", "health_district", "health_authority", "office_hours",
                  "office_contact_role", "office_address", "office_email", "office_pec", "office_phone",
                  "office_website")
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("body", "capofila__comune", "health_authority__comune")

    def import_instance(self, instance, row, **kwargs):
        """The list cells are read with the other cells, before the row is saved, so that every
        error of a row (an unknown Comune, a body without its kind) is reported at once."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.imported_lists = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance.imported_lists[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        for attribute, values in instance.imported_lists.items():
            getattr(instance, attribute).set(values)

    def after_save_instance(self, instance, row, **kwargs):
        """The Ufficio di Piano's contact columns, present in the file, go to the Ambito's body."""
        super().after_save_instance(instance, row, **kwargs)
        present = {column: field for column, field in OFFICE_CONTACT_COLUMNS.items() if column in row}
        if not present or instance.pk is None:
            return
        body = Body.objects.for_ambito(instance)
        for column, field in present.items():
            setattr(body, field, str(row[column] or "").strip())
        try:
            body.full_clean()
        except ValidationError as error:
            raise ValidationError({
                column: error.message_dict[field] for column, field in present.items() if field in error.message_dict
            } or error.message_dict) from None
        body.save()

    def _office_contact(self, ambito, column):
        body = getattr(ambito, "body", None)
        return getattr(body, OFFICE_CONTACT_COLUMNS[column]) if body else ""

    def export_field(self, field, instance, **kwargs):
        if field.column_name in OFFICE_CONTACT_COLUMNS:
            return self._office_contact(instance, field.column_name)
        return super().export_field(field, instance, **kwargs)


class ZonePlanResource(ImportBase):
    ambito = _field("ambito", "ambito", StrictForeignKeyWidget(Ambito, field="slug"))
    start_year = _field("start_year", "anno_inizio", widgets.IntegerWidget())
    end_year = _field("end_year", "anno_fine", widgets.IntegerWidget())
    title = _field("title", "titolo")
    adoption_act = _field("adoption_act", "atto_di_adozione")
    url = _field("url", "indirizzo_web")

    class Meta:
        model = ZonePlan
        import_id_fields = ("ambito", "start_year", "end_year")
        fields = ("ambito", "start_year", "end_year", "title", "adoption_act", "url")
        clean_model_instances = True
