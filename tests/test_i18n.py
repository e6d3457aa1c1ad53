"""The interface in English when a visitor picks it; the practices' data stay in Italian, marked as such."""

import gettext
import re
from pathlib import Path

import pytest

from practices.models import Practice
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_italian_by_default_whatever_the_browser_asks(client, publication):
    page = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="it">' in page and "Pratiche pubblicate" in page


def test_switching_to_english_translates_the_interface(client, publication):
    english(client)
    response = client.get("/")
    page = response.content.decode()
    assert '<html lang="en">' in page and response["Content-Language"] == "en"
    assert "Published practices" in page and "Pratiche pubblicate" not in page
    listing = client.get("/pratiche/", {"provincia": "BA"}).content.decode()
    assert "Catalogue of practices" in listing and "Filter the results" in listing


def test_in_english_the_card_stays_verbatim_and_is_marked_italian(client, publication):
    practice = Practice.objects.published().first()
    english(client)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert re.search(r'<h1 id="practice-title" class="mb-3" lang="it">', page)
    assert '<h2 class="h4" id="h-aims">Aims</h2>' in page
    first_paragraph = practice.aims.split("\n")[0].strip()[:40]
    section = page.split('id="h-aims"')[1].split("</section>")[0]
    assert 'class="card-text" lang="it"' in section and first_paragraph.split()[0] in section
    assert ">Home<" in page


def test_italian_breadcrumb_says_home_not_pagina_iniziale(client, publication):
    page = client.get("/pratiche/").content.decode()
    breadcrumb = page.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert ">Home<" in breadcrumb and "Pagina iniziale" not in breadcrumb


def test_the_catalogue_is_complete_and_compiled():
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in source
    entries = re.split(r"\n\n", source.strip())[1:]
    empty = [e for e in entries if re.search(r'\nmsgstr(\[\d\])? ""$', e) and not e.startswith("#~")]
    assert not empty, empty[:3]
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # Every entry of the .po is in the committed .mo (plural forms count once): `make messages` was run.
    keys = {key if isinstance(key, str) else key[0] for key in compiled._catalog} - {""}
    assert len(keys) == len(entries)
    assert compiled.gettext("Catalogo delle pratiche") == "Catalogue of practices"
