"""The public catalogue: home, list with facets, practice card, territorial pages, statistics, downloads."""

import operator
from functools import partial

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from buonepratiche import ratelimit
from buonepratiche.navigation import ItalianText, crumbs
from buonepratiche.uploads import serve_upload
from calls.models import Call
from funding.queries import agreements_of, funding_links, programme_with_chain, programmes
from funding.models import AgreementDocument, FundingCallDocument, Programme, ProgrammeDocument
from practices.models import (
    Ambito,
    Body,
    BodyDocument,
    Comune,
    PolicyArea,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Province,
    Region,
    TargetGroup,
)
from practices.models.practice import CARD_SECTION_FIELDS, involvement, province_of

from . import ambiti, canonical, catalogue_cache, places, search
from .exports import PAGE_FORMATS, export_response
from .facets import BY_PARAM, build_facets
from .filters import PracticeFilter
from .listing import results
from .pagination import paginate
from .statistics import catalogue_statistics
from .suggestions import suggestions
from .structured_data import as_script, practice_jsonld

PAGE_SIZE = 20


def public_practices():
    return Practice.objects.public()


def list_queryset(queryset):
    """What a result list needs, in a fixed number of queries."""
    return queryset.select_related("lead__comune", "lead__province", "tipologia").prefetch_related("areas")


def _home_summary():
    practices = public_practices()
    figures = practices.aggregate(
        practices=Count("pk"),
        comuni=Count("lead", filter=Q(lead__kind=Body.Kind.COMUNE), distinct=True),
        ambiti=Count("lead", filter=Q(lead__kind=Body.Kind.AMBITO), distinct=True),
    )
    # EXISTS per province: the DISTINCT over a join through every practice took minutes at 100,000.
    figures["provinces"] = Province.objects.filter(
        Exists(practices.alias(counted_province=province_of("id")).filter(counted_province=OuterRef("pk")))
    ).count()
    counted = Q(practices__is_published=True, practices__is_synthetic=False)
    return {
        "figures": figures,
        "calls": list(Call.objects.annotate(n=Count("practices", filter=counted)).order_by("-opens_at")),
        "areas": list(PolicyArea.objects.annotate(n=Count("practices", filter=counted)).filter(n__gt=0)),
        "target_groups": list(TargetGroup.objects.annotate(n=Count("practices", filter=counted)).filter(n__gt=0)),
    }


@require_GET
@catalogue_cache.cached_page("home", vary=lambda request: [])
def home(request):
    summary = SimpleLazyObject(lambda: catalogue_cache.cached("home", [], _home_summary))
    context = {name: SimpleLazyObject(partial(operator.getitem, summary, name))
               for name in ("figures", "calls", "areas", "target_groups")}
    context["latest"] = list_queryset(public_practices().order_by("-published_at", "title"))[:6]
    return render(request, "catalogue/home.html", context)


class _InvalidFilters(Exception):
    """A request the filters reject: answered with its errors, never cached."""

    def __init__(self, response):
        self.response = response


def _redirect_target(request):
    """Where a list request should go instead, in one redirect, or None: its canonical URL without
    empty or repeated parameters (catalogue/canonical.py), with the place typed in the search made
    the territory filter ("anziani provincia di Lecce", catalogue/places.py). Both at once: a form
    sent with empty fields and a place would otherwise redirect twice."""
    target = canonical.redirect_target(request)
    params = QueryDict(target.partition("?")[2]) if target else request.GET
    filtered = places.redirect_url(params)
    if filtered is None:
        return target
    # The place taken out of the search may leave it empty: canonical again, so no second redirect.
    query = canonical.canonical_query(QueryDict(filtered.removeprefix("?")))
    return f"{request.path}?{query}" if query else request.path


@require_GET
@catalogue_cache.cached_page("list")
def practice_list(request):
    target = _redirect_target(request)
    if target:
        return redirect(target)
    export_format = request.GET.get("formato")
    if request.GET.get("q", "").strip() or export_format:
        retry_after = ratelimit.exceeded(request, "export" if export_format else "search")
        if retry_after:
            return ratelimit.too_many_requests(request, retry_after)
    try:
        if export_format:
            filterset = _valid_filters(request)
            if export_format not in PAGE_FORMATS:
                return HttpResponseBadRequest(_("Formato non disponibile: usare csv, csv-excel, xlsx o json."))
            return export_response(filterset.ordered(), export_format, _filter_words(filterset))
        # The form, facets and results look the same to every reader: a request whose URL was
        # answered before in this language and catalogue version skips filtering altogether.
        page = catalogue_cache.fragment(request, "results", lambda: _list_page(request))
    except _InvalidFilters as invalid:
        return invalid.response
    return render(request, "catalogue/practice_list.html", {"breadcrumbs": crumbs((_("Pratiche"), None)), **page})


def _valid_filters(request):
    filterset = PracticeFilter(request.GET, queryset=public_practices())
    if not filterset.is_valid():
        raise _InvalidFilters(render(request, "catalogue/practice_list.html", {
            "breadcrumbs": crumbs((_("Pratiche"), None)),
            "errors": [(filterset.filters[name].label if name in filterset.filters else name, messages)
                       for name, messages in filterset.errors.items()],
        }, status=400))
    return filterset


def _filter_words(filterset):
    """What was searched and filtered, in words, for a download's name: the text, then each
    filter's labels ("anziani", "Lecce")."""
    words = []
    for name, value in filterset.form.cleaned_data.items():
        if not value or name == "ordina":
            continue
        values = [value] if isinstance(value, str) else list(value)
        words += BY_PARAM[name].labels.labels(set(values)).values() if name in BY_PARAM else values
    return [str(word) for word in words]


def _list_page(request):
    """The results part of the list page, and what its title and heading say: the search, the
    labels of the active filters (never their codes) and the page number."""
    filterset = _valid_filters(request)
    query = filterset.form.cleaned_data.get("q") or ""
    found = results(filterset, request.GET)
    page_obj = paginate(request, list_queryset(search.headline(found.queryset, query)), PAGE_SIZE,
                        count=found.count, browsable=found.browsable)
    facets = catalogue_cache.cached("facets", request.GET, lambda: build_facets(filterset, found.selection()))
    # Plain strings: the part is cached, and a lazy label would be rendered in the wrong language.
    described = ", ".join(([f"«{query}»"] if query else [])
                          + [str(value.label) for facet in facets for value in facet.selected])
    if query and not search.is_postgres():
        query_terms = search.terms(query)
        for practice in page_obj.object_list:
            practice.headline = search.python_excerpt(
                " ".join(getattr(practice, name) for name in search.HEADLINE_FIELDS), query_terms)
    return {"query": query, "described": described, "page_number": page_obj.number,
            "results_html": render_to_string("catalogue/practice_list_results.html", {
                "filter": filterset,
                "page_obj": page_obj,
                "query": query,
                "described": described,
                "sort": filterset.sort(),
                "sort_choices": filterset.filters["ordina"].extra["choices"],
                "facets": facets,
                "active_count": sum(len(facet.selected) for facet in facets),
                "export_formats": PAGE_FORMATS,
                "place_note": places.note(request.GET),
                "suggestions": suggestions(request.GET, filterset, found, query),
            }, request)}


def _cached_or_404(kind, queryset, **lookup):
    """get_object_or_404, remembered per catalogue version: with the page body cached too, a
    repeated request runs no query at all."""
    found = catalogue_cache.cached(kind, [(name, str(value)) for name, value in lookup.items()],
                                   lambda: queryset.filter(**lookup).first())
    if found is None:
        raise Http404
    return found


@require_GET
@catalogue_cache.cached_page("practice", vary=lambda request, slug: [slug])
def practice_detail(request, slug):
    summary = _cached_or_404("practice-summary", public_practices().only(
        "pk", "slug", "title", "summary", *CARD_SECTION_FIELDS), slug=slug)
    # The card itself is rendered from the catalogue cache when it can be: loading it (ten queries)
    # happens only on a miss.
    practice = SimpleLazyObject(lambda: _full_practice(summary.pk))
    context = {
        "summary": summary,
        "practice": practice,
        "breadcrumbs": crumbs((_("Pratiche"), reverse("catalogue:practice_list")), (ItalianText(summary.title), None)),
        "ambito": SimpleLazyObject(lambda: practice.ambito),
        "territory": SimpleLazyObject(lambda: practice.covered_territory()),
        "related": SimpleLazyObject(lambda: _related(practice)),
        "jsonld": SimpleLazyObject(lambda: as_script(practice_jsonld(practice, request))),
    }
    return render(request, "catalogue/practice_detail.html", context)


def _full_practice(pk):
    return public_practices().select_related(
        "lead__comune__province__region", "lead__ambito", "lead__province__region", "lead__region", "tipologia",
        "call", "publication",
    ).prefetch_related(
        "areas", "target_groups", "covered_regions", "covered_provinces__region", "covered_comuni__province__region",
        Prefetch("funding", queryset=funding_links()),
        Prefetch("participants", queryset=PracticeParticipant.objects.select_related(
            "body__comune", "body__ambito", "body__province__region", "body__region", "role")),
        "documents__kind",
        Prefetch("lead__comune__ambiti", queryset=Ambito.objects.order_by("name")),
    ).get(pk=pk)


def _related(practice):
    area_ids = [a.pk for a in practice.areas.all()]
    group_ids = [g.pk for g in practice.target_groups.all()]
    # The most recent practices sharing an area or a target group. Ranking by how much they share
    # counted the overlap of every practice (0.35 s a page at 10,000 practices, growing with the
    # data); in publication order PostgreSQL walks the date index and stops at the fourth match.
    shares = Exists(Practice.areas.through.objects.filter(practice_id=OuterRef("pk"), policyarea_id__in=area_ids)) \
        | Exists(Practice.target_groups.through.objects.filter(practice_id=OuterRef("pk"),
                                                                targetgroup_id__in=group_ids))
    return list(list_queryset(
        public_practices().exclude(pk=practice.pk).filter(shares).order_by("-published_at", "-pk")
    )[:4])


def _body_page(request, template, body, practices, extra, breadcrumbs=None):
    """A Comune's, Ambito's, province's or other body's page. `practices` and the values of
    `extra` are functions: building their querysets is work too, done only when the cached page
    body misses."""
    page_obj = SimpleLazyObject(
        lambda: paginate(request, list_queryset(practices().order_by("-published_at", "title", "pk")), PAGE_SIZE))
    if isinstance(body, Comune):
        label = _("Comune di %(name)s") % {"name": body.name}
    else:  # an Ambito's or a body's name is Italian text ("Ambito di Conversano"); a province's is a place name
        label = ItalianText(body.name) if isinstance(body, (Ambito, Body)) else body.name
    return render(request, template, {
        "body": body, "page_obj": page_obj, "breadcrumbs": breadcrumbs or crumbs((label, None)),
        **{name: SimpleLazyObject(value) for name, value in extra.items()},
    })


@require_GET
@catalogue_cache.cached_page("body")
def ambito_detail(request, slug):
    ambito = _cached_or_404("ambito", Ambito.objects.select_related(
        "capofila__comune", "province", "health_authority__comune"), slug=slug)
    # The Ambito's own practices (led by it or with it as a participant) and those its comuni lead.
    return _body_page(request, "catalogue/ambito_detail.html", ambito, lambda: public_practices().filter(
        involvement(Body.objects.filter(ambito=ambito))
        | Q(lead__kind=Body.Kind.COMUNE, lead__comune__in=ambito.members.values("pk"))), {
        **ambiti.ambito_page_parts(ambito),
        "agreements": lambda: agreements_of(Body.objects.filter(ambito=ambito).first()),
    }, breadcrumbs=ambiti.ambito_crumbs(ambito))


@require_GET
@catalogue_cache.cached_page("body")
def comune_detail(request, istat_code):
    if not istat_code.isdigit():
        raise Http404
    comune = _cached_or_404("comune", Comune.objects.select_related("province"), istat_code=istat_code)
    return _body_page(request, "catalogue/comune_detail.html", comune, lambda: public_practices().involving(
        Body.objects.filter(kind=Body.Kind.COMUNE, comune=comune)), {
        "ambiti": lambda: list(comune.ambiti.order_by("name")),
        "agreements": lambda: agreements_of(Body.objects.filter(kind=Body.Kind.COMUNE, comune=comune).first()),
    })


@require_GET
@catalogue_cache.cached_page("body")
def province_detail(request, sigla):
    if not (len(sigla) == 2 and sigla.isascii() and sigla.isalpha()):
        raise Http404
    province = _cached_or_404("province", Province.objects.select_related("region"), sigla=sigla.upper())
    return _body_page(request, "catalogue/province_detail.html", province, lambda: public_practices().alias(
        counted_province=province_of("id")).filter(counted_province=province.pk), {
        "ambiti": lambda: ambiti.province_ambiti(province),
        "comuni_with_practices": lambda: list(Comune.objects.filter(
            province=province, bodies__kind=Body.Kind.COMUNE, bodies__led_practices__in=public_practices(),
        ).distinct().order_by("name")),
    })


@require_GET
@catalogue_cache.cached_page("body")
def body_detail(request, slug):
    """The page of a body that is neither a Comune nor an Ambito (those have their own pages, which
    this one sends to): kind, territory, the Ambiti it is a member of, public contacts, documents,
    its agreements and allocations, the practices it leads and those it takes part in, with its role."""
    body = _cached_or_404("body", Body.objects.select_related("comune__province", "province", "region"), slug=slug)
    if body.kind in (Body.Kind.COMUNE, Body.Kind.AMBITO):
        return redirect(body.get_absolute_url(), permanent=True)
    return _body_page(request, "catalogue/body_detail.html", body, lambda: public_practices().involving([body]), {
        "documents": lambda: list(body.documents.select_related("kind")),
        "roles": lambda: _roles_of(body),
        "ambiti": lambda: list(body.member_of_ambiti.order_by("name")),
        "agreements": lambda: agreements_of(body),
    })


def _roles_of(body):
    """{practice pk: [role names]} for the practices the body takes part in (not those it leads)."""
    roles = {}
    for practice_id, role in PracticeParticipant.objects.filter(body=body).values_list("practice_id", "role__name"):
        roles.setdefault(practice_id, []).append(role or "")
    return roles


BODY_KINDS = [(value, label) for value, label in Body.Kind.choices]


@require_GET
@catalogue_cache.cached_page("bodies")
def body_list(request):
    """/enti/: the bodies that lead or take part in a published practice, by kind and region."""
    kind, region = request.GET.get("tipo", ""), request.GET.get("regione", "")
    errors = []
    if kind and kind not in Body.Kind.values:
        errors.append(_("Tipo di ente sconosciuto: «%(value)s».") % {"value": kind})
    if region and not Region.objects.filter(istat_code=region).exists():
        errors.append(_("Regione sconosciuta: «%(value)s» (usare il codice ISTAT a due cifre, ad esempio 16).")
                      % {"value": region})
    if errors:
        return render(request, "catalogue/body_list.html", {
            "errors": errors, "breadcrumbs": crumbs((_("Enti"), None)), "kinds": BODY_KINDS}, status=400)

    def bodies():
        public = public_practices()
        queryset = Body.objects.filter(
            Exists(public.filter(lead=OuterRef("pk")))
            | Exists(PracticeParticipant.objects.filter(body=OuterRef("pk"), practice__in=public))
        ).select_related("comune__province", "province", "region")
        if kind:
            queryset = queryset.filter(kind=kind)
        if region:
            queryset = queryset.filter(region__istat_code=region)
        return queryset.order_by("name", "pk")

    return render(request, "catalogue/body_list.html", {
        "page_obj": SimpleLazyObject(lambda: paginate(request, bodies(), PAGE_SIZE)),
        "kinds": BODY_KINDS, "kind": kind, "region": region,
        "regions": SimpleLazyObject(lambda: list(Region.objects.filter(
            Exists(Body.objects.filter(region=OuterRef("pk")))).order_by("name"))),
        "breadcrumbs": crumbs((_("Enti"), None)),
    })


@require_GET
@catalogue_cache.cached_page("programmes", vary=lambda request: [])
def programme_list(request):
    return render(request, "catalogue/programme_list.html", {
        "programmes": SimpleLazyObject(lambda: list(programmes())),
        "breadcrumbs": crumbs((_("Programmi di finanziamento"), None)),
    })


@require_GET
@catalogue_cache.cached_page("programme", vary=lambda request, slug: [slug])
def programme_detail(request, slug):
    """A programme with its calls for funding and its agreements: beneficiaries, amounts, totals."""
    programme = _cached_or_404("programme", programme_with_chain(Programme.objects.all()), slug=slug)
    return render(request, "catalogue/programme_detail.html", {
        "programme": programme,
        "breadcrumbs": crumbs((_("Programmi di finanziamento"), reverse("catalogue:programme_list")),
                              (ItalianText(programme.name), None)),
    })


@require_GET
@catalogue_cache.cached_page("statistics", vary=lambda request: [])
def statistics(request):
    return render(request, "catalogue/statistics.html", {
        "charts": SimpleLazyObject(
            lambda: catalogue_cache.cached("statistics", [], lambda: catalogue_statistics(public_practices()))),
        "breadcrumbs": crumbs((_("Statistiche"), None)),
    })


@require_GET
def document(request, slug, pk):
    """A document uploaded for a published practice, always as a download."""
    document = get_object_or_404(
        PracticeDocument.objects.select_related("practice"), pk=pk, practice__slug=slug,
        practice__is_published=True, practice__is_synthetic=False,
    )
    if not document.file:
        raise Http404
    return serve_upload(document.file.open("rb"), document.file.name.rsplit("/", 1)[-1])


# Documents whose owner has no publication state: public as the owner's page is (/enti/…, and
# /programmi/… that shows a programme with its calls for funding and agreements).
ALWAYS_PUBLIC_DOCUMENTS = (BodyDocument, ProgrammeDocument, FundingCallDocument, AgreementDocument)


@require_GET
def media(request, name):
    """/media/ through the application, never as plain files: only the documents of practices,
    to everyone once published and to the back office before, and those of bodies and of the
    funding chain, always as a safe download."""
    documents = PracticeDocument.objects.filter(file=name)
    if not (request.user.is_staff and request.user.has_perm("practices.view_practicedocument")):
        documents = documents.filter(practice__is_published=True, practice__is_synthetic=False)
    document = documents.first() or next(
        (found for model in ALWAYS_PUBLIC_DOCUMENTS if (found := model.objects.filter(file=name).first())), None)
    if document is None:
        raise Http404
    return serve_upload(document.file.open("rb"), name.rsplit("/", 1)[-1])


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /candidature/",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
