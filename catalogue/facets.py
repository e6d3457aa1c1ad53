"""The catalogue's facets, each declared once: its URL parameter, label and filter, how the facet
index reads a practice's values, where the labels of its values come from, and its chart on the
statistics page.

PracticeFilter (filters.py) builds a filter field from each declaration, the facet index
(facet_index.py) a bitset per value, build_facets() the counted values a list page shows, and
the statistics page (statistics.py) a chart. Adding a facet is one entry in FACETS (in the order
the list page shows them) plus, if it needs one, a line in a template.
"""

from dataclasses import dataclass, field
from typing import Callable

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from funding.models import PracticeFunding, Programme
from practices.models import (
    Ambito,
    Body,
    FundingLevel,
    PolicyArea,
    Practice,
    Province,
    Region,
    TargetGroup,
    Tipologia,
)
from practices.models.practice import province_sigla, region_of
from calls.models import Call

from . import charts

YES_NO = (("si", _("Sì")), ("no", _("No")))


# Where the labels of a facet's values come from.
@dataclass(frozen=True)
class FromModel:
    """Names of database rows, keyed by `key_field`; the model's default ordering is the facet's order."""

    model: type
    key_field: str = "slug"

    def choices(self):
        return self.model.objects.values_list(self.key_field, "name")

    def labels(self, keys):
        return dict(self.model.objects.filter(**{f"{self.key_field}__in": keys}).values_list(self.key_field, "name"))


@dataclass(frozen=True)
class FromChoices:
    """Fixed, translated labels, in their declared order."""

    choices: tuple

    def labels(self, keys):
        return {key: label for key, label in self.choices if key in keys}


@dataclass(frozen=True)
class Verbatim:
    """The value is its own label (a year), the most recent first."""

    def labels(self, keys):
        return {key: key for key in sorted(keys, reverse=True)}


# How the facet index reads a practice's values.
@dataclass(frozen=True)
class Column:
    """A value of the practice's own row (all such columns come in one query), turned into a key
    by `key` when there is one (None: no value). `via`: further keys found through another column
    of the row, from a mapping built once per index, e.g. the Ambiti the proposing comune belongs to."""

    expression: object
    key: Callable | None = None
    via: tuple | None = None  # (column, () -> {column value: [keys]})


@dataclass(frozen=True)
class Related:
    """Values in another table: pairs(public practice pks) gives (practice id, key) rows."""

    pairs: Callable


@dataclass(frozen=True)
class ChartSpec:
    slug: str
    title: str
    rows: Callable  # practices -> [(label, count, facet value or None)]
    # Labels are names from the database, in Italian whatever the interface language.
    verbatim: bool = True


@dataclass(frozen=True)
class FacetSpec:
    param: str
    label: str
    # queryset, [values] -> queryset; several values of one facet are OR-ed.
    filter: Callable
    index: Column | Related
    labels: FromModel | FromChoices | Verbatim
    # Value labels are names from the database, in Italian whatever the interface language.
    verbatim: bool = False
    # One value at a time (a yes/no facet), with `empty_label` for "any".
    single: str | None = None
    chart: ChartSpec | None = None

    @property
    def open_ended(self):
        """Values are not listed anywhere (years): any well-formed one is accepted and may match nothing."""
        return isinstance(self.labels, Verbatim)

    def filter_field(self):
        """The django-filter field of PracticeFilter for this facet."""
        method = lambda queryset, name, value: self.filter(queryset, [value] if self.single else value)  # noqa: E731
        common = {"field_name": self.param, "method": method, "label": self.label}
        if self.single:
            return django_filters.ChoiceFilter(choices=self.labels.choices, empty_label=self.single, **common)
        if isinstance(self.labels, FromModel):
            # Choices read from the database at request time.
            choices = lambda: list(self.labels.choices())  # noqa: E731
        elif isinstance(self.labels, FromChoices):
            choices = self.labels.choices
        else:
            choices = []  # open-ended: PracticeFilter accepts the well-formed values of each request
        return django_filters.MultipleChoiceFilter(choices=choices, distinct=False, **common)


def _through(relation, column):
    """Practices with one of the values through a many-to-many relation, as EXISTS (no DISTINCT)."""
    through = relation.through.objects
    return lambda queryset, values: queryset.filter(Exists(through.filter(
        practice_id=OuterRef("pk"), **{f"{column}__in": values})))


def _funding(column):
    return lambda queryset, values: queryset.filter(Exists(PracticeFunding.objects.filter(
        practice_id=OuterRef("pk"), **{f"{column}__in": values})))


def _in_province(queryset, values):
    # The one meaning of a practice's province (practices.models.practice.province_of), as the
    # facet index, the pages, statistics and exports count it.
    return queryset.alias(counted_province=province_sigla()).filter(counted_province__in=values)


def _in_region(queryset, values):
    # The lead's region (region_of): a practice counts under one region, as under one province;
    # the wider territory it covers is shown on its page and in the API.
    return queryset.alias(counted_region=region_of()).filter(counted_region__in=values)


def _in_ambito(queryset, values):
    # The lead's Ambito, or an Ambito of the lead's comune (Practice.ambito says the same).
    members = Ambito.members.through.objects.filter(comune_id=OuterRef("lead__comune_id"),
                                                    ambito__slug__in=values)
    return queryset.filter(Q(lead__ambito__slug__in=values) | Q(Exists(members)))


def _in_year(queryset, values):
    years = [int(v) for v in values if v.isdigit() and len(v) == 4]
    return queryset.filter(call__in=Call.objects.annotate(y=ExtractYear("opens_at")).filter(y__in=years))


def _ambiti_of_comune():
    found = {}
    for comune_id, slug in Ambito.members.through.objects.values_list("comune_id", "ambito__slug"):
        found.setdefault(comune_id, []).append(slug)
    return found


def _pairs(model, practice, key):
    return lambda public_pks: model.objects.filter(**{f"{practice}__in": public_pks}).values_list(practice, key)


FACETS = (
    FacetSpec(
        "regione", _("Regione"), _in_region, Column(region_of()), FromModel(Region, "istat_code"),
        chart=ChartSpec("regione", _("Pratiche per regione"), charts.by_region, verbatim=False),
    ),  # region names are place names, not verbatim Italian
    FacetSpec(
        "provincia", _("Provincia"), _in_province, Column(province_sigla()), FromModel(Province, "sigla"),
        chart=ChartSpec("provincia", _("Pratiche per provincia"), charts.by_province, verbatim=False),
    ),  # province names are place names, not verbatim Italian
    FacetSpec(
        "area", _("Area di intervento"), _through(Practice.areas, "policyarea__slug"),
        Related(_pairs(Practice.areas.through, "practice_id", "policyarea__slug")), FromModel(PolicyArea),
        verbatim=True, chart=ChartSpec("area", _("Pratiche per area di intervento"), charts.by_term(PolicyArea)),
    ),
    FacetSpec(
        "destinatari", _("Destinatari"), _through(Practice.target_groups, "targetgroup__slug"),
        Related(_pairs(Practice.target_groups.through, "practice_id", "targetgroup__slug")), FromModel(TargetGroup),
        verbatim=True, chart=ChartSpec("destinatari", _("Pratiche per destinatari"), charts.by_term(TargetGroup)),
    ),
    FacetSpec(
        "tipologia", _("Tipologia"), lambda queryset, values: queryset.filter(tipologia__slug__in=values),
        Column("tipologia__slug"), FromModel(Tipologia),
        verbatim=True, chart=ChartSpec("tipologia", _("Pratiche per tipologia"), charts.by_term(Tipologia)),
    ),
    FacetSpec(
        "livello", _("Livello del finanziamento"), _funding("agreement__programme__level__slug"),
        Related(_pairs(PracticeFunding, "practice_id", "agreement__programme__level__slug")), FromModel(FundingLevel),
        verbatim=True,
        chart=ChartSpec("livello", _("Pratiche per livello di finanziamento"), charts.by_funding_level),
    ),
    FacetSpec(
        "finanziamento", _("Programma di finanziamento"), _funding("agreement__programme__slug"),
        Related(_pairs(PracticeFunding, "practice_id", "agreement__programme__slug")), FromModel(Programme),
        verbatim=True,
    ),
    FacetSpec(
        "anno", _("Anno dell'avviso"), _in_year, Column(ExtractYear("call__opens_at")), Verbatim(),
        chart=ChartSpec("avviso", _("Pratiche per avviso"), charts.by_call),
    ),
    FacetSpec(
        "stato", _("Stato"), lambda queryset, values: queryset.filter(status__in=values),
        Column("status"), FromChoices(tuple(Practice.Status.choices)),
    ),
    FacetSpec(
        "poverta_educativa", _("Povertà educative"),
        lambda queryset, values: queryset.filter(educational_poverty=(values[0] == "si")),
        Column("educational_poverty", key=lambda poverty: "si" if poverty else "no"), FromChoices(YES_NO),
        single=_("Tutte"),
    ),
    FacetSpec(
        "ambito", _("Ambito territoriale"), _in_ambito,
        Column("lead__ambito__slug", via=("lead__comune_id", _ambiti_of_comune)), FromModel(Ambito),
        verbatim=True,
    ),
    FacetSpec(
        "tipo_ente", _("Tipo di ente capofila"), lambda queryset, values: queryset.filter(lead__kind__in=values),
        Column("lead__kind"), FromChoices(tuple(Body.Kind.choices)),
        # The kinds' labels are the interface's words, translated: not verbatim.
        chart=ChartSpec("tipo_ente", _("Pratiche per tipo di ente capofila"), charts.by_lead_kind, verbatim=False),
    ),
)
BY_PARAM = {spec.param: spec for spec in FACETS}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    verbatim: bool = False
    # One value at a time: the label of the choice "any" (radio buttons instead of check boxes).
    single: str | None = None

    @property
    def selected(self):
        return [v for v in self.values if v.selected]

    @property
    def has_selection(self):
        return any(v.selected for v in self.values)


def _selected_values(filterset, name):
    value = filterset.form.cleaned_data.get(name)
    if not value:
        return set()
    return {value} if isinstance(value, str) else set(value)


def build_facets(filterset, selection):
    """Every facet, each counted over the result of every other active filter."""
    facets = []
    for spec in FACETS:
        selected = _selected_values(filterset, spec.param)
        counts = selection.facet_counts(spec.param)
        labels = spec.labels.labels(set(counts) | selected)
        facets.append(Facet(
            name=spec.param,
            label=spec.label,
            # Translated labels stay lazy: a facet computed (and cached) in one language shows in another.
            values=[FacetValue(key, label, counts.get(key, 0), key in selected) for key, label in labels.items()],
            verbatim=spec.verbatim,
            single=spec.single,
        ))
    return facets
