"""Place names typed in a search become the territory filter, said on the page with a link to the
literal text; namesakes are never guessed; a search that finds nothing offers what to try."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from practices.tests.factories import ComuneFactory, PracticeFactory, ProvinceFactory, RegionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("initial_synonyms")]
LIST = reverse("catalogue:practice_list")


@pytest.fixture
def places():
    puglia = RegionFactory(istat_code="16", name="Puglia")
    lombardia = RegionFactory(istat_code="03", name="Lombardia")
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", region=puglia)
    bergamo = ProvinceFactory(istat_code="016", sigla="BG", name="Bergamo", region=lombardia)
    comuni = {
        "lecce": ComuneFactory(istat_code="075035", name="Lecce", province=lecce),
        "castro-le": ComuneFactory(istat_code="075096", name="Castro", province=lecce),
        "castro-bg": ComuneFactory(istat_code="016065", name="Castro", province=bergamo),
        "bergamo": ComuneFactory(istat_code="016024", name="Bergamo", province=bergamo),
    }
    PracticeFactory(slug="anziani-lecce", title="Anziani attivi", lead_comune=comuni["lecce"])
    PracticeFactory(slug="anziani-castro", title="Anziani al mare", lead_comune=comuni["castro-le"])
    PracticeFactory(slug="anziani-bergamo", title="Anziani in rete", lead_comune=comuni["bergamo"])
    PracticeFactory(slug="disabili-bergamo", title="Sport per persone con disabilità", lead_comune=comuni["bergamo"])
    return comuni


def params(response):
    assert response.status_code == 302
    return {key: values for key, values in parse_qs(urlsplit(response["Location"]).query).items()}


def slugs(response):
    return sorted(p.slug for p in response.context["page_obj"].object_list)


@pytest.mark.parametrize("typed, text, param, value", [
    ("anziani provincia di Lecce", "anziani", "provincia", "LE"),
    ("anziani Lecce", "anziani", "provincia", "LE"),
    ("disabili in Lombardia", "disabili", "regione", "03"),
    ("anziani comune di Bergamo", "anziani", "comune", "016024"),
    ("anziani Castro LE", "anziani", "comune", "075096"),
])
def test_a_place_in_the_query_becomes_the_filter(client, places, typed, text, param, value):
    found = params(client.get(LIST, {"q": typed}))
    assert found == {"q": [text], param: [value], "cercato": [typed]}


def test_a_form_sent_with_empty_fields_and_a_place_redirects_once(client, places):
    response = client.get(LIST + "?q=provincia+di+Lecce&regione=&provincia=&ordina=&q=provincia+di+Lecce")
    assert params(response) == {"provincia": ["LE"], "cercato": ["provincia di Lecce"]}
    landed = client.get(response["Location"])
    assert landed.status_code == 200  # not redirected a second time
    assert slugs(landed) == ["anziani-castro", "anziani-lecce"]
    assert "in provincia di Lecce" in landed.content.decode()


def test_the_page_says_what_was_recognised_and_links_the_literal_text(client, places):
    response = client.get(LIST, {"q": "anziani provincia di Lecce"}, follow=True)
    assert slugs(response) == ["anziani-castro", "anziani-lecce"]
    html = response.content.decode()
    assert "Cerchiamo «anziani» in provincia di Lecce" in html
    assert "cerca invece «anziani provincia di Lecce» come testo" in html
    assert "cerca invece nel Comune di Lecce" in html
    literal = response.context["place_note"]["literal_url"]
    literal_response = client.get(LIST + literal)
    assert literal_response.status_code == 200  # not redirected again
    assert literal_response.context["query"] == "anziani provincia di Lecce"
    # The API takes q as literal text.
    api = client.get("/api/v1/pratiche/", {"q": "anziani provincia di Lecce"})
    assert api.status_code == 200


def test_the_note_goes_when_the_place_filter_is_removed(client, places):
    response = client.get(LIST, {"q": "anziani", "cercato": "anziani provincia di Lecce"})
    assert response.context["place_note"] is None
    assert "Cerchiamo" not in response.content.decode()


def test_namesakes_are_not_guessed(client, places):
    response = client.get(LIST, {"q": "anziani comune di Castro"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Castro (LE)" in html and "Castro (BG)" in html
    links = dict(response.context["place_note"]["namesakes"])
    assert parse_qs(urlsplit(links["Castro (LE)"]).query) == {"q": ["anziani"], "comune": ["075096"]}


def test_a_word_that_is_only_a_comune_is_searched_as_text(client, places):
    assert client.get(LIST, {"q": "anziani Castro"}).status_code == 200
    assert client.get(LIST, {"q": "anziani", "provincia": "LE"}).status_code == 200


def test_a_typo_suggests_a_similar_word(client, places):
    response = client.get(LIST, {"q": "anzaini"})
    assert slugs(response) == []
    similar = response.context["suggestions"]["similar"]
    assert similar[0] == "anziani"
    assert "Forse cercavi «anziani»?" in response.content.decode()
    assert len(slugs(client.get(LIST + similar[1]))) == 3


def test_nothing_found_suggests_the_search_without_a_filter(client, places):
    response = client.get(LIST, {"q": "disabilità", "provincia": "LE"})
    assert slugs(response) == []
    without = response.context["suggestions"]["without"]
    assert [(str(label), count) for label, count, _url in without] == [("testo cercato", 2), ("Provincia", 1)]
    assert "La stessa ricerca senza il filtro «Provincia»: 1 pratica" in response.content.decode()
    assert slugs(client.get(LIST + without[1][2])) == ["disabili-bergamo"]


def test_an_english_word_suggests_the_italian_one(client, places):
    response = client.get(LIST, {"q": "elderly", "provincia": "BG", "tipo_ente": "ambito"})
    assert slugs(response) == []
    assert [(english, italian) for english, italian, _url in response.context["suggestions"]["translations"]] \
        == [("elderly", "anziani")]
    assert "Cerca «anziani»" in response.content.decode()
