"""The catalogue's filters, built on django-filter.

One FilterSet serves the public catalogue, its downloads and (later) the API, so
filtering is written once. Several values of one facet are OR-ed, facets are AND-ed.
Many-to-many facets filter through EXISTS subqueries, so a practice never appears
twice and the result needs no DISTINCT (django-filter's multiple-choice filters add one
by default: over 100,000 wide rows it cost 0.1 s a page).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear, Lower
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from . import search
from .models import (
    Ambito,
    FundingEntry,
    FundingLevel,
    FundingProgramme,
    PolicyArea,
    Practice,
    Province,
    TargetGroup,
    Tipologia,
)
from .models.practice import province_sigla

SORT_CHOICES = (
    ("rilevanza", _("Rilevanza")),
    ("recenti", _("Più recenti")),
    ("titolo", _("Titolo (A-Z)")),
)
YES_NO = (("si", _("Sì")), ("no", _("No")))


class MultipleSlugFilter(django_filters.MultipleChoiceFilter):
    """A multi-valued facet whose choices come from the database at request time."""

    def __init__(self, *args, choices_from=None, **kwargs):
        self.choices_from = choices_from
        super().__init__(*args, choices=self._choices, distinct=False, **kwargs)

    def _choices(self):
        return list(self.choices_from())


def _slug_choices(model):
    return lambda: model.objects.values_list("slug", "name")


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Cerca"),
                                  widget=forms.TextInput(attrs={"type": "search"}))
    provincia = MultipleSlugFilter(
        method="filter_provincia", label=_("Provincia"),
        choices_from=lambda: Province.objects.values_list("sigla", "name"),
    )
    ambito = MultipleSlugFilter(method="filter_ambito", label=_("Ambito territoriale"),
                                choices_from=_slug_choices(Ambito))
    comune = django_filters.MultipleChoiceFilter(method="filter_comune", label=_("Comune (codice ISTAT)"),
                                                 distinct=False)
    tipologia = MultipleSlugFilter(field_name="tipologia__slug", label=_("Tipologia"),
                                   choices_from=_slug_choices(Tipologia))
    area = MultipleSlugFilter(method="filter_area", label=_("Area di intervento"),
                              choices_from=_slug_choices(PolicyArea))
    destinatari = MultipleSlugFilter(method="filter_destinatari", label=_("Destinatari"),
                                     choices_from=_slug_choices(TargetGroup))
    finanziamento = MultipleSlugFilter(method="filter_finanziamento", label=_("Linea di finanziamento"),
                                       choices_from=_slug_choices(FundingProgramme))
    livello = MultipleSlugFilter(method="filter_livello", label=_("Livello del finanziamento"),
                                 choices_from=_slug_choices(FundingLevel))
    anno = django_filters.MultipleChoiceFilter(method="filter_anno", label=_("Anno dell'avviso"), distinct=False)
    stato = django_filters.MultipleChoiceFilter(field_name="status", label=_("Stato"),
                                                choices=Practice.Status.choices, distinct=False)
    poverta_educativa = django_filters.ChoiceFilter(method="filter_poverta", label=_("Povertà educative"),
                                                    choices=YES_NO, empty_label=_("Tutte"))
    ordina = django_filters.ChoiceFilter(method="filter_noop", label=_("Ordina per"), choices=SORT_CHOICES,
                                         empty_label=None)

    class Meta:
        model = Practice
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "lists"):
            # An empty value (?provincia=) means "no filter", as an empty form field does.
            cleaned = data.copy()
            for key, values in data.lists():
                cleaned.setlist(key, [value for value in values if value != ""])
            data = cleaned
        super().__init__(data, *args, **kwargs)
        # Codes and years are open-ended: accept any well-formed value and let it match nothing.
        self.filters["comune"].field.choices = [(v, v) for v in self._raw_values("comune") if v.isdigit()]
        self.filters["anno"].field.choices = [(v, v) for v in self._raw_values("anno") if v.isdigit()]

    def _raw_values(self, name):
        if self.data is None:
            return []
        getter = getattr(self.data, "getlist", None)
        values = getter(name) if getter else self.data.get(name, [])
        return [str(v)[:10] for v in (values if isinstance(values, list | tuple) else [values])]

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return search.apply_search(queryset, value)

    def filter_provincia(self, queryset, name, value):
        return queryset.alias(counted_province=province_sigla()).filter(counted_province__in=value)

    def filter_ambito(self, queryset, name, value):
        members = Ambito.members.through.objects.filter(
            comune_id=OuterRef("proposing_comune_id"), ambito__slug__in=value,
        )
        return queryset.filter(Q(proposing_ambito__slug__in=value) | Q(Exists(members)))

    def filter_comune(self, queryset, name, value):
        partners = Practice.partner_comuni.through.objects.filter(
            practice_id=OuterRef("pk"), comune__istat_code__in=value,
        )
        return queryset.filter(Q(proposing_comune__istat_code__in=value) | Q(Exists(partners)))

    def filter_area(self, queryset, name, value):
        return queryset.filter(Exists(Practice.areas.through.objects.filter(
            practice_id=OuterRef("pk"), policyarea__slug__in=value)))

    def filter_destinatari(self, queryset, name, value):
        return queryset.filter(Exists(Practice.target_groups.through.objects.filter(
            practice_id=OuterRef("pk"), targetgroup__slug__in=value)))

    def filter_finanziamento(self, queryset, name, value):
        return queryset.filter(Exists(FundingEntry.objects.filter(
            practice_id=OuterRef("pk"), programme__slug__in=value)))

    def filter_livello(self, queryset, name, value):
        return queryset.filter(Exists(FundingEntry.objects.filter(
            practice_id=OuterRef("pk"), programme__level__slug__in=value)))

    def filter_anno(self, queryset, name, value):
        years = [int(v) for v in value if v.isdigit() and len(v) == 4]
        calls = Call.objects.annotate(y=ExtractYear("opens_at")).filter(y__in=years)
        return queryset.filter(call__in=calls)

    def filter_poverta(self, queryset, name, value):
        return queryset.filter(educational_poverty=(value == "si"))

    def sort(self):
        """The chosen order: relevance by default when searching, otherwise the most recent first."""
        query = self.form.cleaned_data.get("q") or ""
        return self.form.cleaned_data.get("ordina") or ("rilevanza" if query else "recenti")

    def ordered(self):
        """The filtered practices in the chosen order (after is_valid())."""
        queryset, sort = self.qs, self.sort()
        if sort == "rilevanza" and self.form.cleaned_data.get("q"):
            return queryset.order_by("-rank", "-published_at", "pk")
        if sort == "titolo":
            # Case-insensitive, as a reader expects A–Z ("PIS/HOUSING" among the P's).
            return queryset.order_by(Lower("title"), "pk")
        return queryset.order_by("-published_at", "title", "pk")
