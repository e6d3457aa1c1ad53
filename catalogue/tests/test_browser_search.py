"""Searching from the search box in a real browser: an English word finds the Italian cards, and a
place typed in the query becomes the territory filter, said on the page (axe-clean)."""

import re

import pytest
from playwright.sync_api import expect

from practices.tests.factories import ComuneFactory, PracticeFactory, ProvinceFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("initial_synonyms")]


@pytest.fixture
def practices():
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", region=RegionFactory())
    bari = ProvinceFactory()
    PracticeFactory(title="Anziani attivi a Lecce", lead_comune=ComuneFactory(istat_code="075035", name="Lecce",
                                                                              province=lecce))
    PracticeFactory(title="Anziani attivi a Bari", lead_comune=ComuneFactory(istat_code="072006", name="Bari",
                                                                             province=bari))


def search(page, text):
    page.get_by_label("Cerca nelle pratiche").fill(text)
    page.get_by_label("Cerca nelle pratiche").press("Enter")


def test_synonym_and_place_search_from_the_search_box(live_server, page, practices, assert_accessible):
    page.goto(live_server.url + "/pratiche/")
    search(page, "elderly")
    expect(page.locator("#result-count")).to_have_text(re.compile("2 pratiche trovate"))

    search(page, "anziani provincia di Lecce")
    expect(page).to_have_url(re.compile(r"provincia=LE"))
    expect(page.locator("#result-count")).to_have_text(re.compile("1 pratica trovata"))
    expect(page.locator("#search-place-note")).to_contain_text("Cerchiamo «anziani» in provincia di Lecce")
    assert_accessible(page, "place recognised")

    page.get_by_role("link", name="cerca invece «anziani provincia di Lecce» come testo").click()
    expect(page).to_have_url(re.compile(r"letterale=1"))
    expect(page.get_by_label("Cerca nelle pratiche")).to_have_value("anziani provincia di Lecce")
