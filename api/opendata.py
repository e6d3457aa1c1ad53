"""/opendata/: the dataset for people (an HTML page) and for harvesters (DCAT-AP_IT in Turtle
and JSON-LD), and the bulk downloads of the whole catalogue."""

from django.db.models import Max, Min
from django.db.models.functions import Coalesce, ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue import catalogue_cache
from catalogue.exports import EXPORT_FORMATS
from catalogue.identity import current as current_identity
from practices.models import Practice, Region
from practices.models.practice import region_of
from buonepratiche.navigation import crumbs

from . import bulk, dcat

RDF_FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}


def _dates():
    state = Practice.objects.public().aggregate(
        first=Min("published_at"), last=Max("published_at"), changed=Max("updated_at"),
    )
    today = timezone.localdate()
    issued = timezone.localdate(state["first"]) if state["first"] else today
    latest = max(filter(None, (state["last"], state["changed"])), default=None)
    return issued, timezone.localdate(latest) if latest else today


def _coverage():
    """The regions of the public practices and the years they span: a practice covers its start
    year (else the year it was entered) to its end year (else, still running, the year of its
    last change)."""
    practices = Practice.objects.public()
    codes = set(practices.annotate(region_code=region_of()).values_list("region_code", flat=True)) - {None}
    years = practices.aggregate(
        start=Min(Coalesce("start_year", ExtractYear("created_at"))),
        end=Max(Coalesce("end_year", ExtractYear("updated_at"))),
    )
    regions = tuple(Region.objects.filter(istat_code__in=codes).order_by("istat_code").values_list("istat_code", "name"))
    return dcat.Coverage(regions, years["start"], years["end"])


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _rdf_response(request, rdf_format):
    serializer, content_type = RDF_FORMATS[rdf_format]
    base_url = _base_url(request)

    def serialize():
        issued, modified = _dates()
        graph = dcat.build_graph(base_url, current_identity(), modified, issued, _coverage())
        return graph.serialize(format=serializer)

    # The dates read every public practice (a tenth of a second at 100,000): once per change.
    body = catalogue_cache.cached("dcat", [("format", rdf_format), ("base", base_url)], serialize)
    return HttpResponse(body, content_type=content_type)


@require_GET
def catalogue(request):
    """The page people read; a harvester asking for Turtle or JSON-LD gets the RDF at the same URL."""
    accept = request.headers.get("Accept", "")
    if "text/turtle" in accept:
        response = _rdf_response(request, "ttl")
    elif "application/ld+json" in accept:
        response = _rdf_response(request, "jsonld")
    else:
        issued, modified = catalogue_cache.cached("opendata-dates", [], _dates)
        identity = current_identity()
        contact = identity.data_contact
        response = render(request, "opendata/catalogue.html", {
            "breadcrumbs": crumbs((_("Dati aperti"), None)),
            "dataset_title": dcat.DATASET_TITLE,
            "dataset_description": dcat.dataset_description(identity),
            "downloads": [(fmt, label, reverse("opendata:download", args=[fmt])) for fmt, label, _mt, _d
                          in dcat.DISTRIBUTIONS],
            "practice_count": catalogue_cache.cached("opendata-count", [], Practice.objects.public().count),
            "modified": modified,
            "issued": issued,
            "contact_email": contact.email,
            "contact_name": contact.full_name,
            "publisher": identity.publisher.name,
        })
    response["Vary"] = "Accept"
    return response


@require_GET
def catalogue_rdf(request, rdf_format):
    if rdf_format not in RDF_FORMATS:
        raise Http404
    return _rdf_response(request, rdf_format)


@require_GET
def download(request, export_format):
    """The whole public catalogue in one file; the same URL always gives the current data."""
    if export_format not in EXPORT_FORMATS:
        raise Http404
    path = bulk.bulk_file(export_format)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"buone-pratiche.{export_format}",
                            content_type=EXPORT_FORMATS[export_format])
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    response["ETag"] = f'"{path.stem.rsplit("-", 1)[-1]}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
