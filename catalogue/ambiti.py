"""The Ambiti Territoriali Sociali of every region: their index (/ambiti/) and what an Ambito's
page shows of its governance (members, capofila, Ufficio di Piano, Piani di Zona, health district).

The index is short enough (a few hundred Ambiti in Italy) to be searched in Python over folded
text, so "forli" finds "Forlì" on SQLite as on PostgreSQL; the folded names are kept in the
catalogue cache, so a search reads them once per catalogue version.
"""

from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buonepratiche.navigation import ItalianText, crumbs
from buonepratiche.text import normalise
from practices.models import Ambito, Body, Region

from . import catalogue_cache
from .pagination import paginate

AMBITI_PER_PAGE = 50
REGION_PARAMETER = "regione"


def ambiti_crumb():
    return (_("Ambiti territoriali"), reverse("catalogue:ambito_list"))


def _search_index():
    """(Ambito id, folded text of its names and of its members' names), for every Ambito."""
    texts = {pk: [name, full_name] for pk, name, full_name in Ambito.objects.values_list("pk", "name", "full_name")}
    for pk, name in Ambito.members.through.objects.values_list("ambito_id", "comune__name"):
        texts[pk].append(name)
    for pk, name in Ambito.member_bodies.through.objects.values_list("ambito_id", "body__name"):
        texts[pk].append(name)
    return [(pk, normalise(" ".join(parts))) for pk, parts in texts.items()]


def _matching(query):
    folded = normalise(query)
    index = catalogue_cache.cached("ambito-search", [], _search_index)
    return [pk for pk, text in index if folded in text]


def _index_page(request, query, region):
    ambiti = Ambito.objects.select_related("body__region", "body__province", "capofila__comune")
    if region is not None:
        ambiti = ambiti.filter(body__region=region)
    if query:
        ambiti = ambiti.filter(pk__in=_matching(query))
    ambiti = ambiti.order_by(F("body__region__istat_code").asc(nulls_last=True),
                             F("body__province__name").asc(nulls_last=True), "name")
    return paginate(request, ambiti, AMBITI_PER_PAGE)


@require_GET
@catalogue_cache.cached_page("ambiti")
def ambito_list(request):
    """Every Ambito, grouped by region and province, with a search by its name or a member's."""
    query = request.GET.get("q", "").strip()[:100]
    code = request.GET.get(REGION_PARAMETER, "").strip()
    region = None
    if code:
        region = catalogue_cache.cached("region", [("istat_code", code)],
                                        lambda: Region.objects.filter(istat_code=code).first())
        if region is None:
            return HttpResponseBadRequest(
                _("Regione sconosciuta: «%(code)s». Indicare il codice ISTAT a due cifre (ad esempio 16 per "
                  "la Puglia).") % {"code": code})
    return render(request, "catalogue/ambito_list.html", {
        "query": query,
        "region": region,
        "regions": SimpleLazyObject(lambda: catalogue_cache.cached("ambito-regions", [], lambda: list(
            Region.objects.filter(bodies__kind=Body.Kind.AMBITO).distinct().order_by("istat_code")))),
        "page_obj": SimpleLazyObject(lambda: _index_page(request, query, region)),
        "breadcrumbs": crumbs((ambiti_crumb()[0], None)),
    })


def ambito_page_parts(ambito):
    """What an Ambito's page shows of its governance, as functions run only when the page misses."""
    return {
        "members": lambda: list(ambito.members.order_by("name")),
        "member_bodies": lambda: list(ambito.member_bodies.order_by("name")),
        "zone_plans": lambda: list(ambito.zone_plans.order_by("-start_year", "-end_year")),
        "office": lambda: Body.objects.filter(ambito=ambito).first(),
    }


def ambito_crumbs(ambito):
    return crumbs(ambiti_crumb(), (ItalianText(ambito.name), None))


def province_ambiti(province):
    """The Ambiti that count under a province: their own, else their capofila's (the body's province)."""
    return list(Ambito.objects.filter(body__province=province).order_by("name"))

