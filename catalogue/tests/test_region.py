"""Region as a level of the catalogue: the `regione` facet and filter on the list page and in the
API, /api/v1/regioni/, the region of each practice in the API and in the downloads, comuni told
apart from their namesakes, and the whole country loaded by bootstrap."""

import csv
import io
import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.tests.pages import facet, titles
from practices.models import Comune, Province, Region
from practices.tests.factories import (
    AmbitoFactory,
    ComuneFactory,
    PracticeFactory,
    ProvinceFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")
API = "/api/v1"


@pytest.fixture
def two_regions():
    """Two Apulian practices (one proposed by an Ambito) and one from Lombardy, where a Castro
    also exists."""
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", kind=Province.Kind.PROVINCIA)
    lombardia = RegionFactory(istat_code="03", name="Lombardia")
    bergamo = ProvinceFactory(istat_code="016", sigla="BG", name="Bergamo", kind=Province.Kind.PROVINCIA,
                              region=lombardia)
    castro_le = ComuneFactory(istat_code="075096", name="Castro", province=lecce)
    castro_bg = ComuneFactory(istat_code="016065", name="Castro", province=bergamo)
    maglie = ComuneFactory(istat_code="075039", name="Maglie", province=lecce)
    ambito = AmbitoFactory(name="Ambito di Maglie", slug="ambito-di-maglie", capofila=maglie, province=None)
    PracticeFactory(title="Pratica salentina", slug="pratica-salentina", lead_comune=castro_le)
    PracticeFactory(title="Pratica dell'Ambito", slug="pratica-ambito", lead_comune=None,
                    lead_ambito=ambito)
    PracticeFactory(title="Pratica lombarda", slug="pratica-lombarda", lead_comune=castro_bg)
    return castro_le, castro_bg


def test_the_list_page_filters_and_counts_by_region(client, two_regions):
    response = client.get(LIST)
    # An Ambito without a province of its own counts under its capofila's (province_of).
    assert facet(response, "regione") == {"16": ("Puglia", 2), "03": ("Lombardia", 1)}

    lombardy = client.get(LIST, {"regione": "03"})
    assert lombardy.status_code == 200 and titles(lombardy) == ["Pratica lombarda"]
    assert "Regione: Lombardia" in lombardy.content.decode()
    # Other facets are counted over the region's practices.
    assert facet(lombardy, "provincia") == {"BG": ("Bergamo", 1)}

    both = client.get(LIST, {"regione": ["03", "16"]})
    assert titles(both) == ["Pratica dell'Ambito", "Pratica lombarda", "Pratica salentina"]
    assert titles(client.get(LIST, {"regione": "16", "provincia": "BG"})) == []


def test_an_unknown_region_is_a_400_in_italian_on_both_surfaces(client, two_regions):
    page = client.get(LIST, {"regione": "99"})
    assert page.status_code == 400
    assert "non è tra quelle disponibili" in page.content.decode() and "99" in page.content.decode()

    api = client.get(f"{API}/pratiche/", {"regione": "99"})
    assert api.status_code == 400 and "non è tra quelle disponibili" in api.json()["regione"][0]


def test_the_api_filters_by_region_and_says_each_practices_region(client, two_regions):
    found = client.get(f"{API}/pratiche/", {"regione": "03"}).json()
    assert [item["identificativo"] for item in found["risultati"]] == ["pratica-lombarda"]
    assert found["risultati"][0]["regione"] == {"codice_istat": "03", "nome": "Lombardia"}
    assert found["risultati"][0]["provincia"] == {"sigla": "BG", "nome": "Bergamo"}

    ambito = client.get(f"{API}/pratiche/pratica-ambito/").json()
    assert ambito["regione"] == {"codice_istat": "16", "nome": "Puglia"}


def test_the_regions_collection_is_in_the_api_and_its_schema(client, two_regions):
    regions = client.get(f"{API}/regioni/").json()
    assert [(r["codice_istat"], r["nome"]) for r in regions["risultati"]] == [("03", "Lombardia"), ("16", "Puglia")]
    assert regions["risultati"][0]["url"].endswith("/api/v1/regioni/03/")
    assert client.get(f"{API}/regioni/03/").json()["nome"] == "Lombardia"
    assert client.get(f"{API}/regioni/99/").status_code == 404
    assert client.get(f"{API}/").json()["regioni"].endswith("/api/v1/regioni/")

    schema = client.get(f"{API}/schema/").json()
    assert {"/api/v1/regioni/", "/api/v1/regioni/{codice_istat}/"} <= set(schema["paths"])
    [regione] = [p for p in schema["paths"]["/api/v1/pratiche/"]["get"]["parameters"] if p["name"] == "regione"]
    assert regione["schema"]["items"]["enum"] == ["", "03", "16"]
    practice = schema["components"]["schemas"]["Practice"]["properties"]
    assert "regione" in practice and "provincia" in practice


def test_downloads_have_a_region_column_next_to_the_province(client, two_regions):
    rows = list(csv.DictReader(io.StringIO(
        b"".join(client.get(LIST, {"formato": "csv"}).streaming_content).decode())))
    header = list(rows[0])
    assert header[header.index("provincia") + 1] == "regione"
    assert {(row["identificativo"], row["provincia"], row["regione"]) for row in rows} == {
        ("pratica-salentina", "LE", "Puglia"), ("pratica-ambito", "LE", "Puglia"),
        ("pratica-lombarda", "BG", "Lombardia")}

    data = json.loads(b"".join(client.get(LIST, {"regione": "03", "formato": "json"}).streaming_content))
    assert [(item["identificativo"], item["regione"]) for item in data] == [("pratica-lombarda", "Lombardia")]

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(LIST, {"formato": "xlsx"}).streaming_content)),
                                   read_only=True).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[header.index("provincia") + 1] == "regione"


def test_namesakes_are_told_apart_in_selects_and_kept_verbatim_on_cards(staff_client, two_regions):
    castro_le, castro_bg = two_regions
    assert (str(castro_le), str(castro_bg)) == ("Castro (LE)", "Castro (BG)")
    answer = staff_client.get("/admin/autocomplete/", {
        "app_label": "practices", "model_name": "practice", "field_name": "covered_comuni", "term": "Castro"})
    assert sorted(item["text"] for item in answer.json()["results"]) == ["Castro (BG)", "Castro (LE)"]
    page = staff_client.get(reverse("catalogue:practice_detail", args=["pratica-lombarda"])).content.decode()
    assert "Comune di Castro" in page and "Castro (BG)" not in page


def test_bootstrap_loads_the_whole_country_and_can_be_repeated():
    call_command("bootstrap", "--no-demo", stdout=StringIO())
    assert Region.objects.count() == 20 and Province.objects.count() == 107 and Comune.objects.count() == 7901
    assert Comune.objects.get(istat_code="016065").province.region.name == "Lombardia"
    out = StringIO()
    call_command("bootstrap", "--no-demo", stdout=out)
    assert "comuni: 0 creati, 0 aggiornati, 7901 invariati" in out.getvalue()
