"""Figures for the statistics page: one grouped query per chart."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from .models import FundingLevel, PolicyArea, Province, TargetGroup, Tipologia
from .models.practice import province_sigla


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
    return f"{reverse('practices:practice_list')}?{urlencode({param: value})}"


def _term_chart(slug, title, model, relation, param, practices):
    rows = (
        model.objects.annotate(n=Count(relation, filter=Q(**{f"{relation}__in": practices}), distinct=True))
        .filter(n__gt=0).order_by("-n", "position", "name")
    )
    return Chart(slug, title, [(row.name, row.n, _catalogue_url(param, row.slug)) for row in rows])


def catalogue_statistics(practices):
    pks = practices.values("pk")
    province_rows = (
        practices.annotate(sigla=province_sigla())
        .values("sigla").annotate(n=Count("pk")).order_by("-n", "sigla")
    )
    names = dict(Province.objects.values_list("sigla", "name"))
    provinces = Chart("provincia", _("Pratiche per provincia"), [
        (names.get(row["sigla"], row["sigla"] or _("Non indicata")), row["n"],
         _catalogue_url("provincia", row["sigla"]) if row["sigla"] else None)
        for row in province_rows
    ], verbatim=False)
    levels = (
        FundingLevel.objects.annotate(n=Count("programmes__entries__practice",
                                              filter=Q(programmes__entries__practice__in=pks), distinct=True))
        .filter(n__gt=0).order_by("position")
    )
    calls = (
        Call.objects.annotate(n=Count("practices", filter=Q(practices__in=pks), distinct=True))
        .filter(n__gt=0).order_by("opens_at")
    )
    return [
        provinces,
        _term_chart("area", _("Pratiche per area di intervento"), PolicyArea, "practices", "area", pks),
        _term_chart("destinatari", _("Pratiche per destinatari"), TargetGroup, "practices", "destinatari", pks),
        _term_chart("tipologia", _("Pratiche per tipologia"), Tipologia, "practices", "tipologia", pks),
        Chart("livello", _("Pratiche per livello di finanziamento"),
              [(row.name, row.n, _catalogue_url("livello", row.slug)) for row in levels]),
        Chart("avviso", _("Pratiche per avviso"),
              [(row.title, row.n, _catalogue_url("anno", row.year)) for row in calls]),
    ]
