"""Bodies (enti) on the public side: a practice led by a cooperative with an Ambito and a Comune
as partners is found from every body's page, by search, in the `tipo_ente` facet and in the
download with its roles; /enti/ and /enti/<slug>/; the territory a national project covers."""

import csv
import io

import pytest
from django.urls import reverse

from practices.models import Body, PracticeParticipant
from practices.tests.factories import (
    AmbitoFactory,
    BodyFactory,
    ComuneFactory,
    InvolvementRoleFactory,
    PracticeFactory,
    ProvinceFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")


@pytest.fixture
def cooperative_practice():
    """A project led by a cooperative of Lecce, with the Ambito of Maglie and the Comune of
    Castro as partners."""
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce")
    maglie = ComuneFactory(istat_code="075039", name="Maglie", province=lecce)
    castro = ComuneFactory(istat_code="075096", name="Castro", province=lecce)
    ambito = AmbitoFactory(name="Ambito di Maglie", slug="ambito-di-maglie", capofila=maglie)
    cooperative = BodyFactory(name="Cooperativa Sociale Rinascita", comune=maglie, website="https://rinascita.example",
                              email="info@rinascita.example")
    partner = InvolvementRoleFactory(name="Partner", slug="partner")
    practice = PracticeFactory(title="Orti sociali del Capo di Leuca", slug="orti-sociali", lead=cooperative)
    for position, body in enumerate([Body.objects.for_ambito(ambito), Body.objects.for_comune(castro)]):
        PracticeParticipant.objects.create(practice=practice, body=body, role=partner, position=position)
    PracticeFactory(title="Pratica di un altro Comune", slug="altro-comune")
    return practice


def titles(response):
    return [p.title for p in response.context["page_obj"].object_list]


def test_it_appears_on_the_pages_of_its_lead_and_of_its_partners(client, cooperative_practice):
    cooperative = cooperative_practice.lead
    page = client.get(reverse("catalogue:body_detail", args=[cooperative.slug]))
    assert page.status_code == 200
    assert titles(page) == ["Orti sociali del Capo di Leuca"]
    text = page.content.decode()
    assert "Ente del Terzo settore" in text and "Ente capofila" in text and "https://rinascita.example" in text
    ambito_page = client.get(reverse("catalogue:ambito_detail", args=["ambito-di-maglie"]))
    comune_page = client.get(reverse("catalogue:comune_detail", args=["075096"]))
    assert titles(ambito_page) == titles(comune_page) == ["Orti sociali del Capo di Leuca"]


def test_the_practice_page_names_the_lead_and_the_partners_with_their_roles(client, cooperative_practice):
    text = client.get(cooperative_practice.get_absolute_url()).content.decode()
    cooperative = cooperative_practice.lead
    assert f'href="{reverse("catalogue:body_detail", args=[cooperative.slug])}"' in text
    assert "Cooperativa Sociale Rinascita" in text and "Enti partecipanti" in text
    assert 'href="/ambiti/ambito-di-maglie/"' in text and 'href="/comuni/075096/"' in text
    assert "partner" in text and "Comune di Castro" in text


def test_a_search_for_a_partner_or_the_lead_finds_it(client, cooperative_practice):
    assert titles(client.get(LIST, {"q": "Rinascita"})) == ["Orti sociali del Capo di Leuca"]
    assert titles(client.get(LIST, {"q": "Castro"})) == ["Orti sociali del Capo di Leuca"]


def test_the_lead_kind_is_a_facet(client, cooperative_practice):
    response = client.get(LIST)
    [facet] = [f for f in response.context["facets"] if f.name == "tipo_ente"]
    assert {v.value: (str(v.label), v.count) for v in facet.values} == {
        "comune": ("Comune", 1), "terzo_settore": ("Ente del Terzo settore", 1)}
    assert titles(client.get(LIST, {"tipo_ente": "terzo_settore"})) == ["Orti sociali del Capo di Leuca"]
    assert client.get(LIST, {"tipo_ente": "xyz"}).status_code == 400


def test_the_download_names_the_lead_its_kind_and_the_partners_with_roles(client, cooperative_practice):
    response = client.get(LIST, {"formato": "csv", "tipo_ente": "terzo_settore"})
    [row] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    ambito_body = Body.objects.get(ambito__slug="ambito-di-maglie")
    assert row["soggetto_proponente"] == "Cooperativa Sociale Rinascita"
    assert row["ente_capofila"] == cooperative_practice.lead.slug
    assert row["tipo_ente_capofila"] == "terzo_settore"
    assert row["partner"].splitlines() == [f"{ambito_body.slug} | partner", "075096 | partner"]
    assert row["provincia"] == "LE"


def test_the_bodies_index_filters_by_kind_and_region(client, cooperative_practice):
    everything = client.get(reverse("catalogue:body_list"))
    assert everything.status_code == 200
    names = [str(b) for b in everything.context["page_obj"].object_list]
    assert "Cooperativa Sociale Rinascita" in names and "Comune di Castro" in names and "Ambito di Maglie" in names
    cooperatives = client.get(reverse("catalogue:body_list"), {"tipo": "terzo_settore", "regione": "16"})
    assert [str(b) for b in cooperatives.context["page_obj"].object_list] == ["Cooperativa Sociale Rinascita"]
    RegionFactory(istat_code="03", name="Lombardia")
    assert client.get(reverse("catalogue:body_list"), {"regione": "03"}).context["page_obj"].paginator.count == 0
    assert client.get(reverse("catalogue:body_list"), {"regione": "99"}).status_code == 400
    wrong = client.get(reverse("catalogue:body_list"), {"tipo": "xyz"})
    assert wrong.status_code == 400 and "Tipo di ente sconosciuto" in wrong.content.decode()


def test_a_comune_body_page_sends_to_the_comune_page(client, cooperative_practice):
    castro = Body.objects.get(comune__istat_code="075096")
    response = client.get(reverse("catalogue:body_detail", args=[castro.slug]))
    assert response.status_code == 301 and response["Location"] == "/comuni/075096/"
    assert client.get(reverse("catalogue:body_detail", args=["nessuno"])).status_code == 404


def test_a_national_project_shows_the_regions_it_covers(client):
    lombardia = RegionFactory(istat_code="03", name="Lombardia")
    sicilia = RegionFactory(istat_code="19", name="Sicilia")
    ministry = BodyFactory(kind=Body.Kind.AMMINISTRAZIONE_CENTRALE, name="Ministero dell'Interno")
    practice = PracticeFactory(title="SIPROIMI, accoglienza diffusa", lead=ministry)
    practice.covered_regions.add(lombardia, sicilia)
    text = client.get(practice.get_absolute_url()).content.decode()
    assert "Territorio coperto" in text
    assert '?regione=03">Lombardia</a>' in text and '?regione=19">Sicilia</a>' in text
    # The region facet counts the lead's region only (the ministry has none): no region is claimed.
    [facet] = [f for f in client.get(LIST).context["facets"] if f.name == "regione"]
    assert {v.value: v.count for v in facet.values} == {}


def test_body_pages_are_in_the_sitemap(client, cooperative_practice):
    text = client.get("/sitemap.xml").content.decode()
    assert f"/enti/{cooperative_practice.lead.slug}/" in text and "/enti/</loc>" in text
    assert "/comuni/075096/" in text and "/ambiti/ambito-di-maglie/" in text
