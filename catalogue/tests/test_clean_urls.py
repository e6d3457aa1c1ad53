"""The catalogue's URLs and titles (issue 18): no empty or repeated parameter survives a request,
and the page's title and headings say the active filters (labels, not codes) and the page."""

import re
from html import unescape

import pytest

from practices.models import Practice
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
LIST = "/pratiche/"


def test_empty_and_repeated_parameters_redirect_to_the_clean_url(client):
    response = client.get(f"{LIST}?q=&provincia=LE&poverta_educativa=&ordina=recenti&ordina=recenti")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?provincia=LE&ordina=recenti"


def test_the_clean_url_keeps_different_values_of_one_facet_in_the_form_order(client):
    # Filters in the order of the form (search, then the facets of the registry), whatever the order given.
    response = client.get(f"{LIST}?ordina=titolo&area=anziani&provincia=LE&area=minori&area=anziani&q=casa")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?q=casa&provincia=LE&area=anziani&area=minori&ordina=titolo"


def test_a_single_valued_parameter_repeated_keeps_the_value_the_page_reads(client):
    response = client.get(f"{LIST}?ordina=recenti&ordina=titolo&pagina=2&pagina=3")
    assert response["Location"] == f"{LIST}?ordina=titolo&pagina=3"


def test_only_empty_parameters_redirect_to_the_bare_list(client):
    response = client.get(f"{LIST}?q=&provincia=&area=")
    assert response.status_code == 302 and response["Location"] == LIST


def test_a_clean_url_is_answered_without_a_redirect(client, publication):
    assert client.get(f"{LIST}?provincia=BA&ordina=titolo").status_code == 200
    # Merely in another order: answered as is, no round trip.
    assert client.get(f"{LIST}?ordina=titolo&provincia=BA").status_code == 200


def test_downloads_redirect_too_and_keep_their_format(client):
    response = client.get(f"{LIST}?q=&provincia=BA&formato=csv")
    assert response["Location"] == f"{LIST}?provincia=BA&formato=csv"


def _title(page):
    return unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def test_the_title_and_headings_say_the_filters_by_label_and_the_page(client, publication, monkeypatch):
    monkeypatch.setattr("catalogue.views.PAGE_SIZE", 3)
    assert Practice.objects.published().filter(lead__province__sigla="BA").count() > 3
    page = client.get(f"{LIST}?provincia=BA&pagina=2").content.decode()
    title = _title(page)
    assert title.startswith("Bari – pagina 2 – Catalogo – ")
    assert "BA" not in title.split("–")[0]
    count_heading = re.search(r'<h2 class="h5 mb-0" id="result-count" tabindex="-1">(.*?)</h2>', page, re.S).group(1)
    assert "Bari" in count_heading and "pagina 2 di" in count_heading
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert "Bari" in h1


def test_the_title_names_the_search_and_several_filters(client, publication):
    title = _title(client.get(f"{LIST}?q=anziani&provincia=BA&stato=conclusa").content.decode())
    assert title.startswith("«anziani», Bari, ")
    assert " – Catalogo – " in title and "pagina" not in title


def test_the_title_without_filters(client, publication):
    assert _title(client.get(LIST).content.decode()).startswith("Catalogo – ")


def test_the_filters_button_counts_the_active_filters(client, publication):
    page = client.get(f"{LIST}?provincia=BA&stato=conclusa").content.decode()
    assert re.search(r'aria-controls="filters-panel">\s*<svg[^>]*>.*?</svg>\s*Filtri \(2\)', page, re.S)
    assert 'id="filters-panel"' in page and "js/catalogue-filters.js" in page
    # Without JavaScript the panel is open: only the script folds it.
    assert 'class="col-12 col-lg-4 col-xl-3 d-lg-block filters-panel"' in page
    # One sort field: the form never sends `ordina` twice.
    assert page.count('name="ordina"') == 1
