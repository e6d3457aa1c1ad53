"""Figures for the statistics page: one chart per facet of the registry (facets.py) that declares
one, each bar leading to the catalogue filtered on its value."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from .facets import FACETS


@dataclass
class Chart:
    slug: str
    title: str
    rows: list  # (label, count, catalogue url or None)
    # Labels are names from the database, in Italian whatever the interface language: the page
    # marks them lang="it". Not the provinces': place names, and "Non indicata" is translated.
    verbatim: bool = True

    @property
    def maximum(self):
        return max((count for _label, count, _url in self.rows), default=0)

    @property
    def total(self):
        return sum(count for _label, count, _url in self.rows)


def _catalogue_url(param, value):
    return f"{reverse('catalogue:practice_list')}?{urlencode({param: value})}" if value is not None else None


def catalogue_statistics(practices):
    return [
        Chart(spec.chart.slug, spec.chart.title,
              [(label, count, _catalogue_url(spec.param, value)) for label, count, value in spec.chart.rows(practices)],
              verbatim=spec.chart.verbatim)
        for spec in FACETS if spec.chart
    ]
