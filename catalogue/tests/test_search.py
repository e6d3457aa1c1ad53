"""Full-text search: Italian stemming and accent folding on PostgreSQL, a fallback on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from practices.models import Practice

from practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite fallback")


def results(client, query, **extra):
    response = client.get(LIST, {"q": query, **extra})
    assert response.status_code == 200
    return response, [p.slug for p in response.context["page_obj"].object_list]


def proposer_of(slugs):
    return [str(Practice.objects.get(slug=s).proposer_name) for s in slugs]


@pytest.mark.parametrize("query, proposer, title_part", [
    ("azzardo", "Comune di Ruvo di Puglia", "gioco d'azzardo"),
    ("minori stranieri", "Comune di Bari", "Famiglie senza confini"),
    ("anziani", "Ambito di Corato", "assistenza domiciliare"),
    ("autismo", "Ambito di Francavilla Fontana", "autismo"),
])
def test_the_published_examples_are_found(client, publication, query, proposer, title_part):
    _response, slugs = results(client, query)
    found = {s: Practice.objects.get(slug=s) for s in slugs}
    assert any(str(p.proposer_name) == proposer and title_part.lower() in p.title.lower() for p in found.values()), \
        (query, proposer_of(slugs))


def test_accents_are_ignored(client, publication):
    _r, with_accent = results(client, "povertà educative")
    _r, without = results(client, "poverta educative")
    assert with_accent and with_accent == without


def test_search_combines_with_filters(client, publication):
    _r, all_slugs = results(client, "minori")
    _r, in_taranto = results(client, "minori", provincia="TA")
    assert in_taranto and set(in_taranto) < set(all_slugs)
    assert proposer_of(in_taranto) == ["Comune di Taranto"]


def test_excluded_words_and_no_results(client, publication):
    _r, slugs = results(client, "azzardo -regolamento")
    assert slugs == []
    response, slugs = results(client, "parolachenonesiste")
    assert slugs == [] and "Nessuna pratica trovata" in response.content.decode()


def test_results_show_highlighted_excerpts(client, publication):
    response, _slugs = results(client, "azzardo")
    assert "<mark>azzardo</mark>" in response.content.decode().lower()


def test_hostile_queries_are_harmless(client, publication):
    for query in ["'; DROP TABLE practices_practice; --", "<script>alert(1)</script>", "a" * 5000, "&|!:*()",
                  '"unclosed', "-", "OR OR"]:
        response = client.get(LIST, {"q": query})
        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
    # A NUL byte is refused by the form with a clear message, not a server error.
    assert client.get(LIST, {"q": "a\x00b"}).status_code == 400
    assert Practice.objects.count() == 21


@on_postgres
def test_title_matches_rank_above_body_matches(client):
    PracticeFactory(title="Sportello casa", slug="body", aims="Un servizio per la mobilità sostenibile.")
    PracticeFactory(title="Mobilità sostenibile per tutti", slug="title", aims="Un servizio di quartiere.")
    _r, slugs = results(client, "mobilità")
    assert slugs == ["title", "body"]


@on_postgres
def test_stemming_matches_other_forms(client):
    PracticeFactory(title="Servizio domiciliare", slug="stem", aims="Per le persone anziane sole.")
    _r, slugs = results(client, "anziani")
    assert slugs == ["stem"]


@on_postgres
def test_the_search_uses_the_gin_index():
    from catalogue.search import SEARCH_CONFIG, apply_search

    with connection.cursor() as cursor:
        # With a handful of rows the planner prefers any plan; forbid the alternatives to see
        # whether the GIN index matches the query's expression at all.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        sql, params = apply_search(Practice.objects.all(), "azzardo").order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "practice_search_document_idx" in plan, plan
    assert SEARCH_CONFIG == "bp_italian"


@on_sqlite
def test_sqlite_fallback_folds_accents_and_inflection(client):
    PracticeFactory(title="Città solidale", slug="citta", aims="Per le persone anziane di Forlì.")
    assert results(client, "citta")[1] == ["citta"]
    assert results(client, "forli")[1] == ["citta"]
    assert results(client, "anziano")[1] == ["citta"]
    assert results(client, '"persone anziane"')[1] == ["citta"]
    assert results(client, "anziani -forli")[1] == []


def test_relevance_ranks_a_bounded_number_of_the_most_recent_matches(client, publication, settings):
    settings.SEARCH_RANKED_RESULTS = 5
    by_date, _slugs = results(client, "servizi", ordina="recenti")
    total = by_date.context["page_obj"].paginator.count
    assert total > 5
    newest = [p.slug for p in Practice.objects.filter(
        slug__in=[p.slug for p in by_date.context["page_obj"].object_list]).order_by("-published_at", "title", "pk")]
    response, slugs = results(client, "servizi")
    paginator = response.context["page_obj"].paginator
    assert paginator.count == total  # the real number of matches
    assert paginator.num_pages == 1 and paginator.is_bounded
    assert "Si possono sfogliare le prime 5 pratiche" in response.content.decode()
    assert sorted(slugs) == sorted(newest[:5])
    api = client.get("/api/v1/pratiche/", {"q": "servizi", "per_pagina": 2}).json()
    assert api["totale"] == total and api["pagine"] == 3
    assert client.get("/api/v1/pratiche/", {"q": "servizi", "per_pagina": 2, "pagina": 4}).status_code == 404


@on_postgres
def test_ranking_orders_the_bounded_matches_by_relevance(client, settings):
    settings.SEARCH_RANKED_RESULTS = 2
    PracticeFactory(title="Sportello casa", slug="body", aims="Un servizio per la mobilità sostenibile.")
    PracticeFactory(title="Mobilità sostenibile per tutti", slug="title", aims="Un servizio di quartiere.")
    PracticeFactory(title="Più vecchia", slug="old", aims="Mobilità.", published_at="2020-01-01T00:00:00Z")
    response, slugs = results(client, "mobilità")
    assert response.context["page_obj"].paginator.count == 3
    assert slugs == ["title", "body"]
