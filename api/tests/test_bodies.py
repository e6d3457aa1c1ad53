"""/api/v1/enti/ and the bodies of a practice in the API: lead (capofila), participants with
roles, the territory covered, and the proposer field clients already read, derived from the lead."""

import pytest

from catalogue.tests.test_bodies import cooperative_practice  # noqa: F401 (fixture)
from practices.models import Body
from practices.tests.factories import BodyFactory, PracticeFactory, RegionFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_bodies_are_listed_and_filtered_by_kind_region_province_and_name(client, cooperative_practice):
    everything = client.get(f"{API}/enti/").json()
    assert {"Cooperativa Sociale Rinascita", "Ambito di Maglie", "Comune di Castro"} <= {
        item["nome"] for item in everything["risultati"]}
    [cooperative] = client.get(f"{API}/enti/", {"tipo": "terzo_settore"}).json()["risultati"]
    assert cooperative["nome"] == "Cooperativa Sociale Rinascita" and cooperative["tipo"] == "terzo_settore"
    assert cooperative["regione"] == {"codice_istat": "16", "nome": "Puglia"}
    assert cooperative["provincia"]["sigla"] == "LE" and cooperative["comune"]["nome"] == "Maglie"
    assert cooperative["sito_web"] == "https://rinascita.example"
    assert cooperative["pagina_web"].endswith(f"/enti/{cooperative_practice.lead.slug}/")
    detail = client.get(cooperative["url"]).json()
    assert detail == cooperative
    assert [b["nome"] for b in client.get(f"{API}/enti/", {"q": "rinasc"}).json()["risultati"]] == [
        "Cooperativa Sociale Rinascita"]
    comuni = client.get(f"{API}/enti/", {"regione": "16", "provincia": "le", "tipo": "comune"}).json()["risultati"]
    assert "Comune di Castro" in [b["nome"] for b in comuni] and {b["tipo"] for b in comuni} == {"comune"}


def test_an_unknown_kind_or_region_is_a_400_in_italian(client, cooperative_practice):
    response = client.get(f"{API}/enti/", {"tipo": "xyz"})
    assert response.status_code == 400 and "non è tra quelle disponibili" in response.json()["tipo"][0]
    response = client.get(f"{API}/enti/", {"regione": "99"})
    assert response.status_code == 400 and "non compare tra quelle disponibili" in response.json()["regione"][0]


def test_the_bodies_are_in_the_schema_with_the_kinds_as_an_enum(client):
    schema = client.get(f"{API}/schema/").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/enti/"]["get"]["parameters"]}
    assert set(Body.Kind.values) <= set(parameters["tipo"]["schema"]["enum"])
    assert {"regione", "provincia", "q"} <= parameters.keys()
    assert "/api/v1/enti/{identificativo}/" in schema["paths"]
    assert "enti" in client.get(f"{API}/").json()


def test_a_practice_gives_its_lead_participants_and_territory(client, cooperative_practice):
    data = client.get(f"{API}/pratiche/{cooperative_practice.slug}/").json()
    lead = cooperative_practice.lead
    assert data["capofila"]["identificativo"] == lead.slug
    assert data["capofila"]["tipo"] == "terzo_settore" and data["capofila"]["nome"] == "Cooperativa Sociale Rinascita"
    assert data["capofila"]["url"].endswith(f"/api/v1/enti/{lead.slug}/")
    assert [(p["ente"]["nome"], p["ente"]["tipo"], p["ruolo"]["identificativo"]) for p in data["partecipanti"]] == [
        ("Ambito di Maglie", "ambito", "partner"), ("Comune di Castro", "comune", "partner")]
    assert [r["codice_istat"] for r in data["territorio_coperto"]["regioni"]] == ["16"]
    assert [c["codice_istat"] for c in data["territorio_coperto"]["comuni"]] == ["075096"]
    # The fields clients read before bodies, derived from the lead and the participants.
    assert data["soggetto_proponente"]["tipo"] == "terzo_settore"
    assert data["soggetto_proponente"]["nome"] == "Cooperativa Sociale Rinascita"
    assert [c["codice_istat"] for c in data["comuni_partner"]] == ["075096"]
    assert [o["nome"] for o in data["organizzazioni"]] == ["Ambito di Maglie"]
    listed = client.get(f"{API}/pratiche/", {"tipo_ente": "terzo_settore"}).json()["risultati"]
    assert [p["identificativo"] for p in listed] == [cooperative_practice.slug]


def test_a_national_project_gives_the_regions_it_covers(client):
    ministry = BodyFactory(kind=Body.Kind.AMMINISTRAZIONE_CENTRALE, name="Ministero dell'Interno")
    practice = PracticeFactory(lead=ministry)
    practice.covered_regions.add(RegionFactory(istat_code="03", name="Lombardia"))
    data = client.get(f"{API}/pratiche/{practice.slug}/").json()
    assert data["territorio_coperto"]["regioni"] == [{"codice_istat": "03", "nome": "Lombardia"}]
    assert data["regione"] is None
