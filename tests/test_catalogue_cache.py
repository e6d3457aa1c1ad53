"""Cached counts are never stale: every change to the catalogue invalidates them."""

import pytest
from django.core.management import call_command
from django.utils.html import escape

from practices.models import Practice, Province
from practices.tests.factories import PracticeFactory
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_cache_on")]


def total(client, **params):
    return client.get("/pratiche/", params).context["page_obj"].paginator.count


def test_repeated_catalogue_pages_reuse_counts(client, publication, django_assert_max_num_queries):
    client.get("/pratiche/", {"provincia": "BA"})
    with django_assert_max_num_queries(6):
        client.get("/pratiche/", {"provincia": "BA", "pagina": "2"})


def test_saving_publishing_or_generating_practices_refreshes_the_counts(client, publication, settings):
    before = total(client)
    home_before = client.get("/").context["figures"]["practices"]
    practice = Practice.objects.published().first()
    practice.unpublish()
    assert total(client) == before - 1
    assert client.get("/").context["figures"]["practices"] == home_before - 1
    practice.publish()
    assert total(client) == before
    PracticeFactory(lead_comune=practice.lead.comune or practice.lead.ambito.capofila)
    assert total(client) == before + 1
    settings.SHOW_SYNTHETIC_PRACTICES = True
    call_command("generate_practices", "5", stdout=open("/dev/null", "w"))
    assert total(client) == before + 6
    call_command("remove_synthetic_practices", stdout=open("/dev/null", "w"))
    assert total(client) == before + 1


def test_facet_counts_follow_taxonomy_changes(client, publication):
    facets = {f.name: f for f in client.get("/pratiche/").context["facets"]}
    bari = Province.objects.get(sigla="BA")
    bari.name = "Bari (città metropolitana)"
    bari.save()
    facets = {f.name: f for f in client.get("/pratiche/").context["facets"]}
    assert any(v.label == "Bari (città metropolitana)" for v in facets["provincia"].values)


def test_the_cached_result_list_follows_changes_and_the_language(client, publication):
    practice = Practice.objects.published().order_by("-published_at", "title").first()
    assert practice.title in client.get("/pratiche/").content.decode()
    practice.title = "AAA titolo corretto dalla redazione"
    practice.save()
    page = client.get("/pratiche/").content.decode()
    assert "AAA titolo corretto dalla redazione" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/pratiche/"})
    assert "Filter the results" in client.get("/pratiche/").content.decode()
    client.post("/i18n/setlang/", {"language": "it", "next": "/pratiche/"})
    assert "Filtra i risultati" in client.get("/pratiche/").content.decode()


def test_cached_practice_and_body_pages_follow_changes(client, publication, django_assert_max_num_queries):
    practice = Practice.objects.published().filter(lead__kind="ambito").first()
    card, body = practice.get_absolute_url(), practice.lead.ambito.get_absolute_url()
    client.get(card), client.get(body)
    with django_assert_max_num_queries(3):  # the practice's head fields and the session; the card is cached
        assert escape(practice.title) in client.get(card).content.decode()
    with django_assert_max_num_queries(3):
        assert escape(practice.title) in client.get(body).content.decode()
    practice.aims = "Finalità riscritte dalla redazione."
    practice.title = "AAA titolo corretto"
    practice.save()
    page = client.get(card).content.decode()
    assert '<h1 id="practice-title" class="mb-3" lang="it">AAA titolo corretto</h1>' in page
    assert '"name": "AAA titolo corretto"' in page  # the JSON-LD
    assert "AAA titolo corretto" in client.get(body).content.decode()
