"""The catalogue's filters, built on django-filter.

One FilterSet serves the public catalogue, its downloads and (later) the API, so
filtering is written once. Several values of one facet are OR-ed, facets are AND-ed.
Many-to-many facets filter through EXISTS subqueries, so a practice never appears
twice and the result needs no DISTINCT (django-filter's multiple-choice filters add one
by default: over 100,000 wide rows it cost 0.1 s a page).
"""

import django_filters
from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from practices.models import Body, Practice
from practices.models.practice import involvement

from . import search
from .facets import FACETS

SORT_CHOICES = (
    ("rilevanza", _("Rilevanza")),
    ("recenti", _("Più recenti")),
    ("titolo", _("Titolo (A-Z)")),
)


class PracticeFilter(django_filters.FilterSet):
    """Search, the facets of the registry (facets.py), partner comuni and the order."""

    q = django_filters.CharFilter(method="filter_search", label=_("Cerca"),
                                  widget=forms.TextInput(attrs={"type": "search"}))
    comune = django_filters.MultipleChoiceFilter(method="filter_comune", label=_("Comune (codice ISTAT)"),
                                                 distinct=False)
    ordina = django_filters.ChoiceFilter(method="filter_noop", label=_("Ordina per"), choices=SORT_CHOICES,
                                         empty_label=None)

    class Meta:
        model = Practice
        fields = []

    @classmethod
    def get_filters(cls):
        """The declared filters with one per facet of the registry after the search box."""
        declared = super().get_filters()
        return {"q": declared.pop("q"), **{spec.param: spec.filter_field() for spec in FACETS}, **declared}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "lists"):
            # An empty value (?provincia=) means "no filter", as an empty form field does.
            cleaned = data.copy()
            for key, values in data.lists():
                cleaned.setlist(key, [value for value in values if value != ""])
            data = cleaned
        super().__init__(data, *args, **kwargs)
        # Codes and years are open-ended: accept any well-formed value and let it match nothing.
        for name in ("comune", *(spec.param for spec in FACETS if spec.open_ended)):
            self.filters[name].field.choices = [(v, v) for v in self._raw_values(name) if v.isdigit()]

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

    def filter_comune(self, queryset, name, value):
        # Practices the Comune leads or takes part in, as its page lists them.
        return queryset.filter(involvement(Body.objects.filter(kind=Body.Kind.COMUNE, comune__istat_code__in=value)))

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
