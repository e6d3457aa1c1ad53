"""The read-only API: the same practices, filters, search and order as the catalogue, in JSON."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from funding.tests.factories import PracticeFundingFactory
from practices.tests.factories import ComuneFactory, PolicyAreaFactory, PracticeFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def slugs(response):
    return [item["identificativo"] for item in response.json()["risultati"]]


def test_root_lists_every_collection_the_schema_and_the_docs(client):
    index = client.get(f"{API}/").json()
    for name in ("pratiche", "ambiti", "comuni", "province", "tipologie", "aree", "destinatari",
                 "livelli_finanziamento", "programmi", "avvisi", "schema", "documentazione"):
        assert index[name].startswith("http://testserver/api/v1/"), name
        assert client.get(index[name]).status_code == 200, name


def test_practice_list_pages_through_the_21_published_practices_with_links(client, publication):
    first = client.get(f"{API}/pratiche/", {"per_pagina": 10})
    body = first.json()
    assert body["totale"] == 21 and body["pagine"] == 3 and body["pagina"] == 1
    assert body["precedente"] is None and "pagina=2" in body["successiva"]
    assert first["Link"] == f'<{body["successiva"]}>; rel="next"'
    seen = slugs(first)
    url = body["successiva"]
    while url:
        page = client.get(url).json()
        seen += [item["identificativo"] for item in page["risultati"]]
        url = page["successiva"]
    assert sorted(seen) == sorted(Practice.objects.published().values_list("slug", flat=True))


def test_a_practice_carries_its_card_verbatim_with_iso_dates_and_decimal_amounts(client, publication):
    practice = Practice.objects.published().filter(publication_page__isnull=False).first()
    PracticeFundingFactory(practice=practice, amount=Decimal("12500.50"))
    data = client.get(f"{API}/pratiche/{practice.slug}/").json()
    assert data["titolo"] == practice.title
    assert data["finalita"] == practice.aims and data["modalita_realizzazione"] == practice.implementation
    assert data["margini_miglioramento"] == practice.improvements
    assert data["pagina_web"] == f"http://testserver{practice.get_absolute_url()}"
    assert data["soggetto_proponente"]["nome"] == practice.italian_proposer_name
    datetime.fromisoformat(data["pubblicata_il"])
    assert "12500.50" in [entry["importo"] for entry in data["finanziamenti"]]
    assert data["fonte"]["pagina"] == practice.publication_page


@pytest.mark.parametrize("query", [
    {"provincia": "BA"}, {"provincia": ["LE", "TA"]}, {"poverta_educativa": "si"}, {"anno": "2023"},
    {"q": "anziani"}, {"provincia": "BA", "ordina": "titolo"},
])
def test_filters_are_the_catalogue_filters(client, publication, query):
    api = client.get(f"{API}/pratiche/", {**query, "per_pagina": 100})
    export = client.get("/pratiche/", {**query, "formato": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert api.status_code == 200
    assert slugs(api) == [row["identificativo"] for row in rows]


def test_search_examples_work_through_the_api(client, publication):
    assert any("ruvo" in slug for slug in slugs(client.get(f"{API}/pratiche/", {"q": "azzardo"})))
    assert any("francavilla" in slug for slug in slugs(client.get(f"{API}/pratiche/", {"q": "autismo"})))


def test_title_order_ignores_case(client, publication):
    titles = [item["titolo"] for item in client.get(f"{API}/pratiche/", {"ordina": "titolo", "per_pagina": 100})
              .json()["risultati"]]
    assert titles == sorted(titles, key=str.lower)


def test_bad_parameters_are_a_400_in_italian_and_unknown_ids_a_404(client, publication):
    response = client.get(f"{API}/pratiche/", {"provincia": "XX"})
    assert response.status_code == 400 and "non è tra quelle disponibili" in response.json()["provincia"][0]
    assert client.get(f"{API}/pratiche/", {"pagina": "999"}).status_code == 404
    assert client.get(f"{API}/pratiche/pratica-che-non-esiste/").status_code == 404
    assert client.get(f"{API}/comuni/999999/").status_code == 404


def test_unpublished_practices_are_not_in_the_api(client, publication):
    practice = Practice.objects.published().first()
    practice.unpublish()
    assert client.get(f"{API}/pratiche/{practice.slug}/").status_code == 404
    assert practice.slug not in slugs(client.get(f"{API}/pratiche/", {"per_pagina": 100}))


def test_territory_taxonomies_and_calls(client, publication):
    bari = client.get(f"{API}/comuni/072006/").json()
    assert bari["nome"] == "Bari" and bari["provincia"] == {"sigla": "BA", "nome": "Bari"}
    comuni = client.get(f"{API}/comuni/", {"provincia": "le", "per_pagina": 100}).json()
    assert comuni["totale"] == 96 and {c["provincia"]["sigla"] for c in comuni["risultati"]} == {"LE"}
    assert client.get(f"{API}/province/BA/").json()["codice_istat"] == "072"
    ambito = client.get(f"{API}/ambiti/", {"per_pagina": 1}).json()["risultati"][0]
    assert client.get(ambito["url"]).json()["comuni"] == ambito["comuni"]
    areas = client.get(f"{API}/aree/").json()["risultati"]
    assert areas and client.get(f"{API}/pratiche/", {"area": areas[0]["identificativo"]}).status_code == 200
    avviso = client.get(f"{API}/avvisi/").json()["risultati"][-1]
    assert avviso["pratiche_pubblicate"] == 21 and avviso["aperto"] is False
    assert datetime.fromisoformat(avviso["apertura"]).utcoffset() is not None


def test_anyone_may_read_it_from_a_browser_but_not_write(client, publication):
    response = client.get(f"{API}/pratiche/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/pratiche/", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert "GET" in preflight["Access-Control-Allow-Methods"] and "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post(f"{API}/pratiche/", {}).status_code == 405
    assert "Access-Control-Allow-Origin" not in client.get("/pratiche/", headers={"Origin": "https://example.org"})


def test_officers_contact_data_never_reach_the_api(client, publication):
    from submissions.tests.factories import draft, fill, make_call, make_user
    from submissions.tests.test_workflow import move

    officer = make_user("referente.api", comune=ComuneFactory(istat_code="072008", name="Bitonto"))
    candidacy = fill(draft(make_call(), officer))
    candidacy.contact_email, candidacy.contact_phone = "privato@example.org", "+39 080 0000000"
    candidacy.save()
    reviewer = make_user("istruttore.api", group="Istruttori ANCI")
    for name, user in (("submit", officer), ("start_review", reviewer), ("admit", reviewer), ("publish", reviewer)):
        move(candidacy, name, user, communicate=True)
    candidacy.refresh_from_db()
    practice = candidacy.practice
    text = client.get(f"{API}/pratiche/{practice.slug}/").content.decode()
    assert practice.title in text and "privato@example.org" not in text and "0000000" not in text


def test_rate_limited_per_client(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (2, 60)}
    assert [client.get(f"{API}/province/").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"{API}/province/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_practice_list_runs_a_fixed_number_of_queries(client, publication, django_assert_num_queries):
    url = f"{API}/pratiche/?per_pagina=100"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    area = PolicyAreaFactory()
    for i in range(50):
        PracticeFundingFactory(practice=PracticeFactory(title=f"Pratica {i}", areas=[area]))
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).json()["totale"] == 71


def test_the_old_funding_lines_address_moves_permanently_to_the_programmes(client):
    response = client.get("/api/v1/linee-finanziamento/", {"pagina": "2", "per_pagina": "5"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/programmi/?pagina=2&per_pagina=5"
    detail = client.get("/api/v1/linee-finanziamento/fsc-2021-2027/")
    assert (detail.status_code, detail["Location"]) == (301, "/api/v1/programmi/fsc-2021-2027/")
    operation = client.get("/api/v1/schema/").json()["paths"]["/api/v1/linee-finanziamento/"]["get"]
    assert operation["deprecated"] is True and "301" in operation["responses"]
