"""The rows of the statistics page's charts: one grouped query each, over the public practices.

Each function takes the practices to count (a queryset) and returns
(label, count, facet value or None) rows; the facet registry (facets.py) says which facet a
chart belongs to, and so which catalogue link a bar gets.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from practices.models import Body, FundingLevel, Province, Region
from practices.models.practice import province_sigla, region_of
from calls.models import Call


def by_term(model, relation="practices"):
    """Practices per term of a taxonomy (area, target group, tipologia), the largest first."""
    def rows(practices):
        pks = practices.values("pk")
        terms = (
            model.objects.annotate(n=Count(relation, filter=Q(**{f"{relation}__in": pks}), distinct=True))
            .filter(n__gt=0).order_by("-n", "position", "name")
        )
        return [(term.name, term.n, term.slug) for term in terms]
    return rows


def _by_place(practices, place, model, key_field):
    """Practices per place (`place`: the expression of the one the practice counts under, keyed by
    `key_field` of `model`), with those without one as "Non indicata"."""
    counted = practices.annotate(place=place).values("place").annotate(n=Count("pk")).order_by("-n", "place")
    names = dict(model.objects.values_list(key_field, "name"))
    return [(names.get(row["place"], row["place"] or _("Non indicata")), row["n"], row["place"] or None)
            for row in counted]


def by_province(practices):
    """Practices per province (the one they count under)."""
    return _by_place(practices, province_sigla(), Province, "sigla")


def by_region(practices):
    """Practices per region (the one of the province they count under)."""
    return _by_place(practices, region_of(), Region, "istat_code")


def by_funding_level(practices):
    """Practices per funding level, in the levels' own order."""
    pks = practices.values("pk")
    levels = (
        FundingLevel.objects.annotate(n=Count("programmes__agreements__practice_links__practice",
                                              filter=Q(programmes__agreements__practice_links__practice__in=pks),
                                              distinct=True))
        .filter(n__gt=0).order_by("position")
    )
    return [(level.name, level.n, level.slug) for level in levels]


def by_call(practices):
    """Practices per call, oldest first; a bar leads to the practices of the call's year."""
    pks = practices.values("pk")
    calls = (
        Call.objects.annotate(n=Count("practices", filter=Q(practices__in=pks), distinct=True))
        .filter(n__gt=0).order_by("opens_at")
    )
    return [(call.title, call.n, call.year) for call in calls]


def by_lead_kind(practices):
    """Practices per kind of lead body (Comune, Ambito, cooperative…), the largest first."""
    labels = dict(Body.Kind.choices)
    counted = practices.values("lead__kind").annotate(n=Count("pk")).order_by("-n", "lead__kind")
    return [(labels.get(row["lead__kind"], _("Non indicato")), row["n"], row["lead__kind"] or None)
            for row in counted]

