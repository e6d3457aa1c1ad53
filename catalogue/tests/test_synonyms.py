"""Search that finds what people type: the synonyms staff keep, English terms, and compounds
written whole, hyphenated or spaced — on both databases, through the list page and the API."""

import pytest
from django.urls import reverse

from catalogue.models import SearchSynonym
from practices.tests.factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("initial_synonyms")]
LIST = reverse("catalogue:practice_list")


def found(client, query, **extra):
    response = client.get(LIST, {"q": query, **extra})
    assert response.status_code == 200
    return [p.slug for p in response.context["page_obj"].object_list]


def test_ludopatia_finds_the_practices_on_gambling(client, publication):
    gambling = found(client, "gioco d'azzardo")
    assert gambling and set(gambling) <= set(found(client, "ludopatia"))


def test_disabili_and_disabilita_find_the_same_practices(client, publication):
    disabili = found(client, "disabili")
    assert disabili and sorted(disabili) == sorted(found(client, "disabilità")) == sorted(found(client, "disabile"))


def test_anziani_and_terza_eta(client):
    PracticeFactory(slug="terza-eta", title="Università della terza età", aims="Corsi per chi è in pensione.")
    PracticeFactory(slug="anziani", title="Assistenza domiciliare", aims="Per gli anziani soli.")
    assert sorted(found(client, "anziani")) == ["anziani", "terza-eta"]
    assert sorted(found(client, "terza età")) == ["anziani", "terza-eta"]


def test_english_terms_find_the_italian_cards_one_way(client):
    PracticeFactory(slug="anziani", title="Assistenza domiciliare", aims="Per gli anziani soli.")
    PracticeFactory(slug="dimora", title="Accoglienza notturna", aims="Per le persone senza dimora.")
    assert found(client, "elderly") == ["anziani"]
    assert found(client, "homeless") == ["dimora"]
    api = client.get("/api/v1/pratiche/", {"q": "elderly"}).json()
    assert api["totale"] == 1


def test_a_synonym_added_in_the_admin_is_effective_at_once(client, staff_client, catalogue_cache_on):
    PracticeFactory(slug="badanti", title="Sportello per le assistenti familiari", aims="Incontro e formazione.")
    assert found(client, "badanti") == []
    response = staff_client.post(reverse("admin:catalogue_searchsynonym_add"), {
        "term": "badanti", "alternatives": "assistenti familiari, assistente familiare", "kind": "sinonimi"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(client, "badanti") == ["badanti"]
    SearchSynonym.objects.filter(term="badanti").delete()
    assert found(client, "badanti") == []


def test_the_admin_refuses_a_synonym_without_alternatives(staff_client):
    response = staff_client.post(reverse("admin:catalogue_searchsynonym_add"), {
        "term": "badanti", "alternatives": " , ", "kind": "sinonimi"})
    assert response.status_code == 200
    assert "Indicare almeno una parola da cercare anche." in response.content.decode()
    assert not SearchSynonym.objects.filter(term="badanti").exists()


@pytest.mark.parametrize("query", ["sociosanitario", "socio-sanitario", "socio sanitario", "Socio-Sanitari"])
def test_compounds_whole_hyphenated_or_spaced(client, query):
    PracticeFactory(slug="trattino", title="Sportello", aims="Un servizio socio-sanitario di quartiere.")
    PracticeFactory(slug="intero", title="Sportello", aims="Un servizio sociosanitario di quartiere.")
    PracticeFactory(slug="altro", title="Sportello", aims="Un servizio sociale di quartiere.")
    assert sorted(found(client, query)) == ["intero", "trattino"]


@pytest.mark.parametrize("query", ["cohousing", "co-housing", "co housing"])
def test_cohousing(client, query):
    PracticeFactory(slug="co-housing", title="Abitare insieme", aims="Un progetto di co-housing per giovani.")
    PracticeFactory(slug="cohousing", title="Abitare insieme", aims="Un cohousing sociale.")
    assert sorted(found(client, query)) == ["co-housing", "cohousing"]


def test_quotes_minus_and_or_still_work(client):
    PracticeFactory(slug="a", title="Orti urbani", aims="Per le persone anziane del quartiere.")
    PracticeFactory(slug="b", title="Biblioteca", aims="Letture per bambini.")
    assert found(client, '"persone anziane"') == ["a"]
    assert sorted(found(client, "orti OR biblioteca")) == ["a", "b"]
    assert found(client, "quartiere -orti") == []
