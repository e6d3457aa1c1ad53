"""Rows of the catalogue's downloads, built from plain database rows.

The columns and how each value is written are the back office resource's (PracticeResource):
its fields in its order, its headers, each field's widget, and its nested-cell format
(funding_cell, participants_cell). Going through the resource for every practice cost about
1.5 ms a row: a model instance for the practice and each related row, the prefetch machinery,
the per-field dispatch, and the widgets themselves (number_format looks the locale's formats up
for every number, 12 µs each). Here the ordered queryset is streamed as primary keys; each
chunk of them is read with one values_list() query plus one grouped query per list (partner
participants, areas, target groups, link documents; the funding columns share one read of
the chunk's links with their agreements and amounts), and every value goes through a renderer
chosen once per column. tests/test_exports.py proves the rows equal the resource's.
"""

from collections import defaultdict
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db.models import F, Lookup
from django.db.models.lookups import In
from django.utils import timezone, translation
from django.utils.formats import get_format, sanitize_strftime_format
from import_export import widgets

from funding.models import PracticeFunding
from funding.queries import funding_links
from buonepratiche import markdown
from practices.models import (
    CARD_SECTION_FIELDS,
    Body,
    Comune,
    PolicyArea,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Province,
    TargetGroup,
    Tipologia,
)
from practices.models.practice import province_sigla, region_of
from practices.resources import (
    PracticeResource,
    agreement_codes_cell,
    documents_cell,
    funding_cell,
    participants_cell,
    ref_of,
    total_cell,
)

CHUNK_SIZE = 1000
# The card's text, written in a Markdown subset: people read the downloads, so they get the plain
# text (the back office's own export, for re-import, keeps it verbatim).
TEXT_FIELDS = frozenset(("summary", *CARD_SECTION_FIELDS))


class AnyOf(Lookup):
    """`lhs` is one of a list of values, sent as a single parameter on PostgreSQL.

    Django's `__in` prepares each of a chunk's 1,000 ids in Python and psycopg then parses as
    many placeholders: about 20 ms a query, more than reading the rows themselves. PostgreSQL
    takes the list as one array (`= ANY(%s)`); other databases get Django's own IN.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(In(self.lhs, self.rhs))

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def _renderer(widget):
    """The widget's render() for one database value, with a plain equivalent for the values
    import-export's own widgets get most often: render() resolves the language's number formats
    or the time zone again for every value. Anything else still goes through the widget."""
    kind = type(widget)
    if kind in (widgets.Widget, widgets.CharWidget) and widget.coerce_to_string:
        return lambda value: value if value.__class__ is str else widget.render(value)
    if issubclass(kind, widgets.BooleanWidget):  # the Italian ones (buonepratiche/imports.py) render alike
        rendered = {value: widget.render(value) for value in (True, False, None)}
        return rendered.__getitem__
    if issubclass(kind, (widgets.IntegerWidget, widgets.DecimalWidget)) and widget.coerce_to_string:
        language = translation.get_language()
        if settings.USE_THOUSAND_SEPARATOR and get_format("NUMBER_GROUPING", language) != 0:
            return widget.render
        separator = get_format("DECIMAL_SEPARATOR", language)

        def number(value):  # as django.utils.numberformat.format without grouping
            if value.__class__ is int:
                return str(value)
            if value.__class__ is Decimal:  # at most 14 digits (the model's max_digits)
                return format(value, "f").replace(".", separator)
            return widget.render(value)
        return number
    if issubclass(kind, widgets.DateTimeWidget) and widget.coerce_to_string and settings.USE_TZ:
        zone, pattern = timezone.get_current_timezone(), sanitize_strftime_format(widget.formats[0])
        return lambda value: value.astimezone(zone).strftime(pattern) if value else widget.render(value)
    return widget.render


def _text(value):
    return "" if value is None else value


def _related_ordering(model, path):
    """`model`'s default ordering seen from a query that reaches it through `path`."""
    return [f"-{path}__{name[1:]}" if name.startswith("-") else f"{path}__{name}" for name in model._meta.ordering]


class RowBuilder:
    """How each column of the resource is read and written, decided once per download."""

    def __init__(self):
        resource = PracticeResource()
        self.headers = resource.get_export_headers()
        with translation.override("it"):  # as Practice.italian_proposer_name
            self.comune_label = translation.gettext("Comune di %(name)s")
        # Of the main query: the lead's kind, name, comune code and slug give its name and reference.
        self.columns = ["pk", "lead__kind", "lead__name", "lead__comune__istat_code", "lead__slug"]
        self.lists = []  # a function per list column: chunk's pks -> {pk: cell}
        self._funding_chunk = None  # (chunk's pks, {pk: links}) read once for the funding columns
        sources = []  # per column: ("column", i in self.columns), ("lead", 0: name, 1: reference) or ("list", i)
        for field in resource.get_export_fields():
            name, widget, render = resource.get_field_name(field), field.widget, _text
            if getattr(resource, field.get_dehydrate_method(name), None) is not None:
                source = self._computed(name)
            elif name == "lead":
                source = "lead", 1
            elif isinstance(widget, widgets.ManyToManyWidget):
                source = self._list(self._many(name, widget))
            elif isinstance(widget, widgets.ForeignKeyWidget):
                source = self._column(f"{field.attribute}__{widget.field}")
            elif name in TEXT_FIELDS:
                source, render = self._column(field.attribute), markdown.plain
            else:
                source, render = self._column(field.attribute), _renderer(widget)
            sources.append((source, render))
        # A row is the main query's columns, then the lead's name and reference, then the list cells.
        offsets = {"column": 0, "lead": len(self.columns), "list": len(self.columns) + 2}
        self.plan = [(offsets[kind] + index, render) for (kind, index), render in sources]

    def _column(self, column):
        self.columns.append(column)
        return "column", len(self.columns) - 1

    def _list(self, read):
        self.lists.append(read)
        return "list", len(self.lists) - 1

    def _computed(self, name):
        """The resource's dehydrate_* columns, read from plain rows: a new one must be added here."""
        if name == "proposer_name":
            return "lead", 0
        if name == "lead_kind":
            return self._column("lead__kind")
        if name == "province":
            return self._column(province_sigla())
        if name == "region":
            return self._column(region_of("name"))
        if name in FUNDING_CELLS:
            return self._list(self._funding_column(name))
        if name == "participants":
            return self._list(self._participants)
        if name == "documents":
            return self._list(self._documents)
        raise NotImplementedError(f"The downloads cannot write the resource's column {name!r}.")

    def rows(self, queryset):
        yield self.headers
        pks = queryset.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(pks, CHUNK_SIZE)):
            yield from self._chunk(chunk)

    def _chunk(self, pks):
        found = {row[0]: row for row in
                 Practice.objects.filter(AnyOf(F("pk"), pks)).order_by().values_list(*self.columns)}
        lists = [read(pks) for read in self.lists]
        label, plan = self.comune_label, self.plan
        for pk in pks:
            row = found.get(pk)
            if row is None:  # deleted since the first query
                continue
            _pk, kind, name, istat_code, slug = row[:5]
            proposer = label % {"name": name} if kind == Body.Kind.COMUNE else name
            row = (*row, proposer, ref_of(kind, istat_code, slug), *[cells.get(pk, "") for cells in lists])
            yield [render(row[position]) for position, render in plan]

    @staticmethod
    def _many(name, widget):
        relation = Practice._meta.get_field(name)
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        # The prefetch the widget reads is in the target's default ordering; pk breaks ties.
        ordering = [*_related_ordering(relation.related_model, target), f"{target}__pk"]

        def read(pks):
            rows = relation.remote_field.through.objects.filter(AnyOf(F(source), pks)).order_by(
                *ordering).values_list(source, f"{target}__{widget.field}")
            values = defaultdict(list)
            for pk, value in rows:
                values[pk].append(str(value))
            return {pk: widget.separator.join(items) for pk, items in values.items()}
        return read

    def _funding_column(self, name):
        """The funding columns share one read of the chunk's links (agreements and amounts
        prefetched): the first of them in the row reads, the others take its result."""
        def read(pks):
            if self._funding_chunk is None or self._funding_chunk[0] is not pks:
                links = defaultdict(list)
                for link in funding_links(documents=False).filter(AnyOf(F("practice"), pks)).order_by(
                        "practice", *PracticeFunding._meta.ordering):
                    links[link.practice_id].append(link)
                self._funding_chunk = (pks, links)
            return {pk: FUNDING_CELLS[name](items) for pk, items in self._funding_chunk[1].items()}
        return read

    @staticmethod
    def _participants(pks):
        rows = PracticeParticipant.objects.filter(AnyOf(F("practice"), pks)).order_by(
            *PracticeParticipant._meta.ordering).values_list(
            "practice", "body__kind", "body__comune__istat_code", "body__slug", "role__slug")
        return _cells(((pk, ref_of(kind, code, slug), role) for pk, kind, code, slug, role in rows),
                      participants_cell)

    @staticmethod
    def _documents(pks):
        rows = PracticeDocument.objects.filter(AnyOf(F("practice"), pks), file="").order_by(
            *PracticeDocument._meta.ordering)
        return _cells(rows.values_list("practice", "title", "url", "kind__slug"), documents_cell)


# The resource's funding columns (dehydrate_funding, _agreement_codes, _total_assigned), from links.
FUNDING_CELLS = {
    "funding": lambda links: funding_cell(link.as_line() for link in links),
    "agreement_codes": lambda links: agreement_codes_cell(link.agreement.code for link in links),
    "total_assigned": lambda links: total_cell(link.assigned() for link in links),
}


def _cells(rows, cell):
    entries = defaultdict(list)
    for pk, *entry in rows:
        entries[pk].append(entry)
    return {pk: cell(items) for pk, items in entries.items()}


def export_rows(queryset):
    """The header row, then one row per practice of `queryset`, in its order."""
    return RowBuilder().rows(queryset)


def people_rows(queryset):
    """The same rows for people (the list page's XLSX and Excel CSV): taxonomy labels instead of
    slugs ("Disabilità; Partecipazione e governance"), the stage's and the lead kind's labels, and
    names beside codes ("Lecce (LE)", "Bari (072006)"). Columns and their order stay the open-data
    ones, so a file of either form reads the same way."""
    rows = export_rows(queryset)
    headers = next(rows)
    with translation.override("it"):
        kinds = {value: str(label) for value, label in Body.Kind.choices}
        stages = {value: str(label) for value, label in Practice.Status.choices}
    provinces = dict(Province.objects.values_list("sigla", "name"))
    comuni = dict(Comune.objects.filter(bodies__kind=Body.Kind.COMUNE).values_list("istat_code", "name"))

    def labels(model):
        names = dict(model.objects.values_list("slug", "name"))
        return lambda cell: "; ".join(names.get(slug, slug) for slug in cell.split("|")) if cell else cell

    def named(names):
        return lambda code: f"{names[code]} ({code})" if code in names else code

    readers = {
        "aree": labels(PolicyArea), "gruppi_destinatari": labels(TargetGroup), "tipologia": labels(Tipologia),
        "stato": lambda value: stages.get(value, value), "tipo_ente_capofila": lambda value: kinds.get(value, value),
        "provincia": named(provinces), "ente_capofila": named(comuni),
    }
    plan = [(headers.index(name), read) for name, read in readers.items() if name in headers]
    yield headers
    for row in rows:
        for position, read in plan:
            row[position] = read(row[position])
        yield row
