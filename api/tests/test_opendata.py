"""/opendata/: DCAT-AP_IT for harvesters, the bulk downloads, and schema.org on practice pages."""

import csv
import io
import json
import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from api.dcat import DCATAPIT, VCARD
from practices.models import Practice
from funding.tests.factories import PracticeFundingFactory

pytestmark = pytest.mark.django_db


def graph_from(client, url, rdf_format, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=rdf_format)


def one(graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert values, f"{subject} manca di {predicate}"
    return values[0]


@pytest.mark.parametrize("url, rdf_format, headers", [
    ("/opendata/catalogo.ttl", "turtle", {}),
    ("/opendata/catalogo.jsonld", "json-ld", {}),
    ("/opendata/", "turtle", {"Accept": "text/turtle"}),
    ("/opendata/", "json-ld", {"Accept": "application/ld+json"}),
])
def test_dcat_ap_it_has_every_mandatory_property(client, publication, url, rdf_format, headers):
    graph = graph_from(client, url, rdf_format, **headers)
    catalogue = one(graph, None, RDF.type) and next(graph.subjects(RDF.type, DCATAPIT.Catalog))
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified, FOAF.homepage,
                      DCAT.dataset):
        one(graph, catalogue, predicate)
    dataset = one(graph, catalogue, DCAT.dataset)
    assert (dataset, RDF.type, DCATAPIT.Dataset) in graph
    for predicate in (DCTERMS.identifier, DCTERMS.title, DCTERMS.description, DCTERMS.modified, DCAT.theme,
                      DCTERMS.rightsHolder, DCTERMS.accrualPeriodicity, DCAT.contactPoint, DCAT.distribution,
                      DCTERMS.publisher):
        one(graph, dataset, predicate)
    assert str(one(graph, dataset, DCTERMS.title)) == "Buone pratiche del welfare locale"
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI") in set(
        graph.objects(dataset, DCAT.theme))
    holder = one(graph, dataset, DCTERMS.rightsHolder)
    assert (holder, RDF.type, DCATAPIT.Agent) in graph
    assert str(one(graph, holder, DCTERMS.identifier)) == "r_puglia"
    assert str(one(graph, holder, FOAF.name)) == "Regione Puglia"
    contact = one(graph, dataset, DCAT.contactPoint)
    assert str(one(graph, contact, VCARD.hasEmail)).startswith("mailto:")
    distributions = list(graph.objects(dataset, DCAT.distribution))
    formats = set()
    for distribution in distributions:
        assert (distribution, RDF.type, DCATAPIT.Distribution) in graph
        formats.add(str(one(graph, distribution, DCTERMS.format)).rsplit("/", 1)[-1])
        one(graph, distribution, DCAT.accessURL)
        licence = one(graph, distribution, DCTERMS.license)
        assert (licence, RDF.type, DCATAPIT.LicenseDocument) in graph
        assert "CC BY 4.0" in str(one(graph, licence, FOAF.name))
    assert formats == {"CSV", "XLSX", "JSON"} and len(distributions) == 4


def test_every_distribution_url_answers(client, publication):
    graph = graph_from(client, "/opendata/catalogo.ttl", "turtle")
    for url in graph.objects(None, DCAT.accessURL):
        assert client.get(str(url).replace("http://testserver", "")).status_code == 200, url


def test_opendata_page_for_people_links_downloads_api_and_metadata(client, publication):
    page = client.get("/opendata/").content.decode()
    for link in ("/opendata/buone-pratiche.csv", "/opendata/buone-pratiche.xlsx", "/opendata/buone-pratiche.json",
                 "/api/v1/docs/", "/opendata/catalogo.ttl", "/opendata/catalogo.jsonld"):
        assert f'href="{link}"' in page, link
    assert '<link rel="alternate" type="text/turtle"' in page


def test_bulk_csv_has_every_public_practice_and_follows_changes(client, publication, settings, tmp_path):
    settings.BULK_DOWNLOAD_ROOT = tmp_path

    def rows():
        response = client.get("/opendata/buone-pratiche.csv")
        assert response["Content-Disposition"] == 'attachment; filename="buone-pratiche.csv"'
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert len(rows()) == 21
    assert len(list(tmp_path.glob("buone-pratiche-*.csv"))) == 1
    practice = Practice.objects.published().first()
    practice.unpublish()
    assert practice.slug not in {row["identificativo"] for row in rows()}
    assert len(list(tmp_path.glob("buone-pratiche-*.csv"))) == 1, "the stale file is removed"


def test_bulk_json_and_xlsx_are_built_once_per_catalogue_state(client, publication, settings, tmp_path):
    settings.BULK_DOWNLOAD_ROOT = tmp_path
    first = client.get("/opendata/buone-pratiche.json")
    data = json.loads(b"".join(first.streaming_content))
    assert len(data) == 21
    built = next(tmp_path.glob("*.json")).stat().st_mtime_ns
    again = client.get("/opendata/buone-pratiche.json")
    assert again["ETag"] == first["ETag"] and next(tmp_path.glob("*.json")).stat().st_mtime_ns == built
    xlsx = client.get("/opendata/buone-pratiche.xlsx")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get("/opendata/buone-pratiche.exe").status_code == 404


def test_practice_page_describes_the_practice_in_schema_org_json_ld(client, publication):
    practice = Practice.objects.published().filter(lead__kind="comune", start_year__isnull=False).first()
    PracticeFundingFactory(practice=practice, amount="40000.00")
    html = client.get(practice.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    page = json.loads(blocks[0])
    assert page["@context"] == "https://schema.org" and page["@type"] == "WebPage"
    project = page["mainEntity"]
    assert project["@type"] == "Project" and project["name"] == practice.title
    assert project["parentOrganization"]["name"] == practice.italian_proposer_name
    assert project["parentOrganization"]["identifier"]["value"] == practice.lead.comune.istat_code
    assert project["areaServed"]["containedInPlace"]["name"] == practice.province.name
    assert project["foundingDate"] == str(practice.start_year)
    assert {"@type": "MonetaryAmount", "value": "40000.00", "currency": "EUR"} in [
        grant.get("amount") for grant in project["funding"]]
    assert page["datePublished"].startswith(str(practice.published_at.year))


def test_card_text_cannot_break_out_of_the_json_ld_block(client, publication):
    practice = Practice.objects.published().first()
    practice.title = "Titolo </script><script>alert(1)</script>"
    practice.save()
    html = client.get(practice.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == practice.title


def test_large_catalogues_serve_the_last_build_until_the_command_refreshes_it(client, publication, settings,
                                                                             tmp_path):
    from django.core.management import call_command

    from django_tasks_db.models import DBTaskResult

    settings.BULK_DOWNLOAD_ROOT, settings.BULK_DOWNLOAD_SYNC_LIMIT = tmp_path, 5
    # The queue as in production: the rebuild a download asks for waits for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("build_bulk_downloads", verbosity=0)
    assert {p.suffix for p in tmp_path.glob("buone-pratiche-*")} == {".csv", ".xlsx", ".json"}
    practice = Practice.objects.published().first()
    practice.unpublish()

    def slugs():
        response = client.get("/opendata/buone-pratiche.csv")
        return {row["identificativo"] for row in csv.DictReader(io.StringIO(
            b"".join(response.streaming_content).decode()))}

    assert practice.slug in slugs(), "above the limit the request does not rebuild"
    assert practice.slug in slugs()
    rebuilds = DBTaskResult.objects.filter(task_path="api.bulk.rebuild_bulk_downloads", status="READY")
    assert rebuilds.count() == 1, "the request enqueued one rebuild, not one per download"
    call_command("build_bulk_downloads", verbosity=0)
    assert practice.slug not in slugs()
