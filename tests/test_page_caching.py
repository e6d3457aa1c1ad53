"""Pages that look the same to every reader are served from the cache without repeating their
work, and never go stale: a change to the catalogue, another language or another release
gets a fresh page."""

import importlib
import re
from datetime import UTC, datetime

import pytest
from django.utils.html import escape

import buonepratiche.settings as project_settings
from practices.models import Practice
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_cache_on")]


def same_page(one, other):
    """The same content but for the CSRF token of the language form, masked anew every time."""
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub(b"", one.content) == token.sub(b"", other.content)


def only_shared_state_was_read(captured):
    """A cached page's only queries: the catalogue's version, and for the API its rate-limit
    counter, both shared by every app process."""
    tables = [next((t for t in ("buonepratiche_catalogueversion", "buonepratiche_ratecounter") if t in q["sql"]),
                   q["sql"]) for q in captured.captured_queries]
    assert tables.count("buonepratiche_catalogueversion") == 1, tables
    assert set(tables) <= {"buonepratiche_catalogueversion", "buonepratiche_ratecounter"}, tables


def first_in_catalogue():
    return Practice.objects.published().order_by("-published_at", "title", "pk").first()


@pytest.mark.parametrize("url", [
    "/", "/pratiche/", "/pratiche/?provincia=BA&stato=conclusa&pagina=1", "/statistiche/",
    "/api/v1/pratiche/", "/api/v1/pratiche/?provincia=BA&per_pagina=5", "/opendata/", "/opendata/catalogo.ttl",
])
def test_a_repeated_page_reads_only_shared_state(client, publication, url, django_assert_max_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(2) as captured:
        again = client.get(url)
    only_shared_state_was_read(captured)
    assert same_page(again, first)
    assert again.headers.get("Link") == first.headers.get("Link")


def test_a_repeated_practice_or_body_page_reads_only_shared_state(client, publication,
                                                                 django_assert_max_num_queries):
    practice = Practice.objects.published().filter(lead__kind="ambito").first()
    comune = practice.lead.ambito.members.first()
    for url in (practice.get_absolute_url(), practice.lead.ambito.get_absolute_url(),
                comune.get_absolute_url(), comune.province.get_absolute_url(), f"/api/v1/pratiche/{practice.slug}/"):
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_max_num_queries(2) as captured:
            assert same_page(client.get(url), first)
        only_shared_state_was_read(captured)


def test_an_unknown_practice_or_body_is_never_remembered_as_found(client, publication):
    for url in ("/pratiche/non-esiste/", "/ambiti/non-esiste/", "/comuni/999999/", "/province/ZZ/"):
        assert client.get(url).status_code == 404
        assert client.get(url).status_code == 404


def test_cached_catalogue_and_api_pages_follow_changes(client, publication):
    practice = first_in_catalogue()
    pages = ["/", "/pratiche/", "/api/v1/pratiche/", f"/api/v1/pratiche/{practice.slug}/"]
    for url in pages:
        assert escape(practice.title) in client.get(url).content.decode(), url
    practice.title = "AAA Titolo corretto dalla redazione"  # still first among the latest
    practice.save()
    for url in pages:
        assert "AAA Titolo corretto dalla redazione" in client.get(url).content.decode(), url

    count = client.get("/api/v1/pratiche/").json()["totale"]
    practice.unpublish()
    assert client.get("/api/v1/pratiche/").json()["totale"] == count - 1
    assert client.get(f"/api/v1/pratiche/{practice.slug}/").status_code == 404


def test_an_invalid_catalogue_request_is_never_served_from_the_cache(client, publication):
    assert client.get("/pratiche/?provincia=ZZ").status_code == 400
    assert client.get("/pratiche/?provincia=ZZ").status_code == 400
    assert client.get("/api/v1/pratiche/?pagina=0").status_code == 400
    assert client.get("/api/v1/pratiche/?pagina=0").status_code == 400


def test_the_cached_dataset_description_follows_changes(client, publication):
    practice = first_in_catalogue()
    before = client.get("/opendata/catalogo.ttl").content.decode()
    assert "2019-01-02" not in before
    practice.published_at = datetime(2019, 1, 2, 10, tzinfo=UTC)  # the dataset's issue date moves back
    practice.save()
    assert "2019-01-02" in client.get("/opendata/catalogo.ttl").content.decode()


def test_statistics_follow_changes(client, publication):
    practice = first_in_catalogue()
    before = client.get("/statistiche/").content.decode()
    practice.unpublish()
    assert client.get("/statistiche/").content.decode() != before


@pytest.mark.parametrize("url, active, kind", [
    ("/", "Home", "page"),
    ("/pratiche/", "Pratiche", "page"),
    ("/pratiche/?provincia=BA", "Pratiche", "page"),
    ("/statistiche/", "Statistiche", "page"),
    ("/chi-siamo/", "Chi siamo", "page"),
    ("/opendata/", "Dati aperti", "page"),
    ("PRACTICE", "Pratiche", "true"),
    ("/privacy/", None, None),
])
def test_the_cached_menu_marks_the_current_section(client, publication, url, active, kind):
    if url == "PRACTICE":
        url = first_in_catalogue().get_absolute_url()
    for _ in range(2):  # the second time from the cache
        page = client.get(url).content.decode()
        menu = page[page.index('<ul class="navbar-nav">'):page.index("</ul>", page.index('<ul class="navbar-nav">'))]
        current = [item for item in menu.split('<li class="nav-item">') if "aria-current" in item]
        if active is None:
            assert current == [] and " active" not in menu
        else:
            assert len(current) == 1 and f"<span>{active}</span>" in current[0], url
            assert f'aria-current="{kind}"' in current[0] and 'class="nav-link active"' in current[0]


def test_the_cached_header_and_footer_follow_the_language_and_the_reader(client, publication, django_user_model):
    for _ in range(2):
        page = client.get("/privacy/").content.decode()
        assert "Navigazione principale" in page and "Note legali" in page and "Accedi" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})
    page = client.get("/privacy/").content.decode()
    assert "Main navigation" in page and "Legal notes" in page
    client.post("/i18n/setlang/", {"language": "it", "next": "/privacy/"})
    user = django_user_model.objects.create_user("lettore", password="x" * 20, first_name="Lia", last_name="Rossi")
    client.force_login(user)
    page = client.get("/privacy/").content.decode()
    assert "Lia Rossi" in page and "Esci" in page and "Navigazione principale" in page


def test_cached_fragments_are_keyed_by_the_codes_version(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "base.html"
    template.write_text("<p>uno</p>")
    monkeypatch.setattr(project_settings, "BASE_DIR", tmp_path)
    first = project_settings._code_version()
    assert project_settings._code_version() == first
    template.write_text("<p>due</p>")
    assert project_settings._code_version() != first
    assert importlib.import_module("django.conf").settings.CACHES["template_fragments"]["KEY_PREFIX"].endswith(
        project_settings.CODE_VERSION)
