"""The public catalogue: pages, filters, facets, sorting, pagination and downloads."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from practices.models import Body, PracticeParticipant

from funding.tests.factories import PracticeFundingFactory, ProgrammeFactory
from practices.tests.factories import (
    AmbitoFactory,
    ComuneFactory,
    FundingLevelFactory,
    PolicyAreaFactory,
    PracticeFactory,
    ProvinceFactory,
    TargetGroupFactory,
    TipologiaFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")


def titles(response):
    return [p.title for p in response.context["page_obj"].object_list]


def facet(response, name):
    [found] = [f for f in response.context["facets"] if f.name == name]
    return {v.value: v.count for v in found.values}


@pytest.fixture
def world():
    """A small catalogue over two provinces, with every kind of classification."""
    bari, lecce = ProvinceFactory(), ProvinceFactory(istat_code="075", sigla="LE", name="Lecce")
    modugno = ComuneFactory(istat_code="072027", name="Modugno", province=bari)
    bitetto = ComuneFactory(istat_code="072010", name="Bitetto", province=bari)
    maglie = ComuneFactory(istat_code="075039", name="Maglie", province=lecce)
    ambito = AmbitoFactory(name="Ambito di Modugno", slug="ambito-di-modugno", capofila=modugno, province=bari)
    ambito.members.add(modugno, bitetto)
    minori, anziani = PolicyAreaFactory(slug="minori-famiglie", name="Minori e famiglie"), PolicyAreaFactory(
        slug="anziani", name="Anziani e non autosufficienza")
    famiglie = TargetGroupFactory(slug="famiglie", name="Famiglie")
    innov, proc = TipologiaFactory(slug="progetti-innovativi", name="Progetti innovativi"), TipologiaFactory(
        slug="processi", name="Processi organizzativi")
    ue = FundingLevelFactory(slug="ue", name="UE")
    pnrr = ProgrammeFactory(slug="pnrr", name="PNRR", level=ue)
    call_2023 = Call.objects.create(title="Avviso 2023", slug="avviso-2023",
                                    opens_at=timezone.now().replace(year=2023, month=6, day=15),
                                    closes_at=timezone.now().replace(year=2023, month=7, day=31))
    call_2025 = Call.objects.create(title="Avviso 2025", slug="avviso-2025",
                                    opens_at=timezone.now().replace(year=2025, month=6, day=15),
                                    closes_at=timezone.now().replace(year=2025, month=7, day=31))
    now = timezone.now().replace(microsecond=0)
    a = PracticeFactory(title="Alfa centro famiglie", lead_comune=bitetto, tipologia=innov,
                        areas=[minori], target_groups=[famiglie], call=call_2023, status="in_corso",
                        educational_poverty=True, published_at=now - timedelta(days=3))
    b = PracticeFactory(title="Beta assistenza anziani", lead_comune=None, lead_ambito=ambito,
                        tipologia=proc, areas=[anziani], call=call_2023, status="conclusa",
                        published_at=now - timedelta(days=2))
    c = PracticeFactory(title="Gamma laboratori", lead_comune=maglie, tipologia=innov,
                        areas=[minori, anziani], call=call_2025, published_at=now - timedelta(days=1))
    PracticeFundingFactory(practice=c, programme=pnrr, amount=Decimal("1000.00"))
    PracticeFactory(title="Bozza non pubblicata", lead_comune=maglie, is_published=False, published_at=None)
    PracticeFactory(title="Sintetica", lead_comune=maglie, is_synthetic=True)
    return {"a": a, "b": b, "c": c, "ambito": ambito, "bitetto": bitetto, "maglie": maglie}


def test_the_list_shows_only_published_real_practices_newest_first(client, world):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Gamma laboratori", "Beta assistenza anziani", "Alfa centro famiglie"]
    content = response.content.decode()
    assert "Bozza non pubblicata" not in content and "Sintetica" not in content
    assert "3 pratiche trovate" in content


@pytest.mark.parametrize("query, expected", [
    ("provincia=LE", ["Gamma laboratori"]),
    ("provincia=BA", ["Beta assistenza anziani", "Alfa centro famiglie"]),
    ("provincia=BA&provincia=LE", ["Gamma laboratori", "Beta assistenza anziani", "Alfa centro famiglie"]),
    ("ambito=ambito-di-modugno", ["Beta assistenza anziani", "Alfa centro famiglie"]),
    ("comune=075039", ["Gamma laboratori"]),
    ("tipologia=progetti-innovativi", ["Gamma laboratori", "Alfa centro famiglie"]),
    ("area=anziani", ["Gamma laboratori", "Beta assistenza anziani"]),
    ("area=anziani&area=minori-famiglie", ["Gamma laboratori", "Beta assistenza anziani", "Alfa centro famiglie"]),
    ("destinatari=famiglie", ["Alfa centro famiglie"]),
    ("finanziamento=pnrr", ["Gamma laboratori"]),
    ("livello=ue", ["Gamma laboratori"]),
    ("anno=2025", ["Gamma laboratori"]),
    ("anno=2023", ["Beta assistenza anziani", "Alfa centro famiglie"]),
    ("stato=conclusa", ["Beta assistenza anziani"]),
    ("poverta_educativa=si", ["Alfa centro famiglie"]),
    ("poverta_educativa=no", ["Gamma laboratori", "Beta assistenza anziani"]),
    ("area=anziani&provincia=BA", ["Beta assistenza anziani"]),
    ("area=minori-famiglie&tipologia=progetti-innovativi&provincia=LE", ["Gamma laboratori"]),
])
def test_each_filter_and_their_combinations(client, world, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_a_comune_finds_practices_where_it_is_a_partner(client, world):
    PracticeParticipant.objects.create(practice=world["c"], body=Body.objects.for_comune(world["bitetto"]))
    assert titles(client.get(f"{LIST}?comune=072010")) == ["Gamma laboratori", "Alfa centro famiglie"]


def test_facet_counts_apply_the_other_filters_but_not_their_own(client, world):
    response = client.get(f"{LIST}?provincia=BA&area=anziani")
    # Province counts ignore the province filter but respect the area filter.
    assert facet(response, "provincia") == {"BA": 1, "LE": 1}
    # Area counts ignore the area filter but respect the province filter.
    assert facet(response, "area") == {"minori-famiglie": 1, "anziani": 1}
    assert facet(response, "tipologia") == {"processi": 1}
    assert facet(response, "anno") == {"2023": 1}


def test_active_filters_are_shown_as_removable_chips(client, world):
    # The empty q= is dropped by a redirect to the clean URL (issue 18); the chip removes its filter only.
    response = client.get(f"{LIST}?provincia=BA&area=anziani&q=", follow=True)
    assert response.redirect_chain == [(f"{LIST}?provincia=BA&area=anziani", 302)]
    content = response.content.decode()
    assert "Provincia: Bari" in content
    assert 'href="?area=anziani"' in content
    assert "Rimuovi tutti i filtri" in content


def test_sorting_by_title(client, world):
    response = client.get(f"{LIST}?ordina=titolo")
    assert titles(response) == ["Alfa centro famiglie", "Beta assistenza anziani", "Gamma laboratori"]


def test_an_unknown_filter_value_is_a_clear_400(client, world):
    response = client.get(f"{LIST}?area=non-esiste")
    assert response.status_code == 400
    assert "non-esiste" in response.content.decode()
    assert "non è tra quelle disponibili" in response.content.decode()


def test_empty_result_has_a_clear_message(client, world):
    response = client.get(f"{LIST}?provincia=LE&stato=conclusa")
    assert response.status_code == 200
    assert "Nessuna pratica trovata" in response.content.decode()


def test_pagination_keeps_the_filters(client, world):
    for n in range(25):
        PracticeFactory(title=f"Extra {n:02d}", lead_comune=world["maglie"])
    response = client.get(f"{LIST}?provincia=LE&ordina=titolo")
    assert len(titles(response)) == 20
    second = client.get(f"{LIST}?provincia=LE&ordina=titolo&pagina=2")
    assert titles(second)[-1] == "Gamma laboratori"
    assert "provincia=LE" in second.content.decode()
    assert client.get(f"{LIST}?pagina=99999").status_code == 200
    assert client.get(f"{LIST}?pagina=abc").status_code == 200


def test_the_practice_page_shows_the_card_in_order_escaped_with_lists(client, world):
    practice = world["a"]
    practice.implementation = "Fasi:\n- ascolto <script>alert(1)</script>\n- laboratori\n\nSecondo paragrafo."
    practice.save()
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<li>ascolto &lt;script&gt;alert(1)&lt;/script&gt;</li>" in content
    assert "<p>Secondo paragrafo.</p>" in content
    headings = ["Ambito d&#x27;intervento", "Destinatari", "Finalità", "Modalità di realizzazione",
                "Risultati conseguiti", "Soggetti coinvolti", "Margini di miglioramento"]
    positions = [content.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions)
    assert world["bitetto"].get_absolute_url() in content
    assert "?area=minori-famiglie" in content and "?tipologia=progetti-innovativi" in content


def test_the_practice_page_shows_funding_amounts_in_italian_format(client, world):
    content = client.get(world["c"].get_absolute_url()).content.decode()
    assert "1.000,00 €" in content
    assert "PNRR" in content


def test_unpublished_and_synthetic_practices_are_not_found(client, world):
    for practice in world["a"].__class__.objects.filter(title__in=["Bozza non pubblicata", "Sintetica"]):
        assert client.get(practice.get_absolute_url()).status_code == 404


def test_related_practices_share_area_or_target_group(client, world):
    response = client.get(world["a"].get_absolute_url())
    assert [p.title for p in response.context["related"]] == ["Gamma laboratori"]


def test_body_pages_list_their_practices(client, world):
    ambito_page = client.get(world["ambito"].get_absolute_url())
    assert [p.title for p in ambito_page.context["page_obj"]] == ["Beta assistenza anziani", "Alfa centro famiglie"]
    assert "Bitetto" in ambito_page.content.decode()
    comune_page = client.get(world["maglie"].get_absolute_url())
    assert [p.title for p in comune_page.context["page_obj"]] == ["Gamma laboratori"]
    province_page = client.get(reverse("catalogue:province_detail", args=["BA"]))
    assert [p.title for p in province_page.context["page_obj"]] == ["Beta assistenza anziani", "Alfa centro famiglie"]
    assert client.get(reverse("catalogue:comune_detail", args=["abc"])).status_code == 404
    assert client.get(reverse("catalogue:province_detail", args=["ZZ"])).status_code == 404


def test_home_has_figures_latest_practices_and_entry_points(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["figures"] == {"practices": 3, "comuni": 2, "ambiti": 1, "provinces": 2}
    content = response.content.decode()
    assert "Gamma laboratori" in content
    assert "?area=anziani" in content and "?destinatari=famiglie" in content
    assert "Avviso 2023" in content


def test_statistics_have_charts_with_data_tables(client, world):
    response = client.get(reverse("catalogue:statistics"))
    charts = {c.slug: c for c in response.context["charts"]}
    assert [(label, n) for label, n, _url in charts["provincia"].rows] == [("Bari", 2), ("Lecce", 1)]
    assert {label: n for label, n, _url in charts["area"].rows} == {"Minori e famiglie": 2,
                                                                    "Anziani e non autosufficienza": 2}
    content = response.content.decode()
    assert content.count("<table") == len(charts)
    assert '<rect width="100.0"' in content


def test_statistics_count_practices_by_kind_of_lead_body_with_a_table(client, world):
    response = client.get(reverse("catalogue:statistics"))
    chart = {c.slug: c for c in response.context["charts"]}["tipo_ente"]
    assert [(str(label), n) for label, n, _url in chart.rows] == [("Comune", 2), ("Ambito Territoriale Sociale", 1)]
    content = response.content.decode()
    assert "Pratiche per tipo di ente capofila" in content and "?tipo_ente=comune" in content


def test_csv_export_has_exactly_the_filtered_practices(client, world):
    response = client.get(f"{LIST}?area=anziani&formato=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["titolo"] for r in rows] == ["Gamma laboratori", "Beta assistenza anziani"]


def test_csv_export_escapes_formulas(client, world):
    world["a"].aims = "=HYPERLINK(\"http://x\")"
    world["a"].save()
    rows = list(csv.DictReader(io.StringIO(
        b"".join(client.get(f"{LIST}?formato=csv").streaming_content).decode())))
    assert [r["finalita"] for r in rows if r["titolo"] == "Alfa centro famiglie"] == ["'=HYPERLINK(\"http://x\")"]


def test_json_and_xlsx_exports(client, world):
    data = json.loads(b"".join(client.get(f"{LIST}?provincia=LE&formato=json").streaming_content))
    assert [row["titolo"] for row in data] == ["Gamma laboratori"]
    assert data[0]["finanziamenti"] == "PNRR | ue | 1000.00"
    response = client.get(f"{LIST}?formato=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.cell(1, 2).value == "titolo"
    assert sheet.max_row == 4
    assert client.get(f"{LIST}?formato=pdf").status_code == 400


def test_sitemap_robots_and_feed(client, world):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert world["a"].get_absolute_url() in sitemap and "Bozza" not in sitemap
    assert world["ambito"].get_absolute_url() in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain") and "Sitemap:" in robots.content.decode()
    feed = client.get(reverse("catalogue:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Gamma laboratori" in feed.content.decode()


def test_italian_404_page(client, world):
    response = client.get("/pratiche/non-esiste/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def _make_practices(n, world):
    area = world["a"].areas.first()
    for i in range(n):
        practice = PracticeFactory(title=f"Pratica {i}", lead_comune=world["maglie"], areas=[area])
        PracticeFundingFactory(practice=practice)


@pytest.mark.parametrize("url", [
    LIST, f"{LIST}?provincia=LE&area=minori-famiglie", f"{LIST}?q=laboratori&ordina=rilevanza", "/",
])
def test_list_pages_run_a_fixed_number_of_queries(client, world, django_assert_num_queries, url):
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _make_practices(50, world)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_detail_and_body_pages_run_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [world["c"].get_absolute_url(), world["maglie"].get_absolute_url(),
            reverse("catalogue:province_detail", args=["LE"]), world["ambito"].get_absolute_url()]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    _make_practices(50, world)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_pages_stop_at_the_bound_and_say_how_to_see_the_rest(client, world, settings):
    settings.CATALOGUE_MAX_PAGES = 2
    _make_practices(50, world)
    response = client.get(LIST, {"pagina": "99"})
    page = response.context["page_obj"]
    assert page.number == 2 and page.paginator.num_pages == 2 and page.paginator.count > 40
    assert "Si possono sfogliare le prime 40 pratiche" in response.content.decode()
    assert "restringi la ricerca con i filtri" in response.content.decode()
    assert client.get("/api/v1/pratiche/", {"pagina": "3"}).status_code == 404
    assert client.get("/api/v1/pratiche/", {"pagina": "2"}).json()["totale"] == page.paginator.count
