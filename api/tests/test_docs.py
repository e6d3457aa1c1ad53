"""/api/v1/docs/ (issue 18): the OpenAPI schema as an Italian page of the site, rendered on the
server: no third-party viewer, no script, every endpoint with its parameters and responses."""

import re

import pytest

from catalogue.filters import PracticeFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_docs_are_the_sites_page_without_swagger_ui(page):
    assert "API dei dati aperti" in page and 'id="main-content"' in page and 'id="footer"' in page
    assert "swagger" not in page.lower() and "cdn" not in page.lower()
    # No script of its own: only the site's bundle.
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", page) == [
        "/static/vendor/bootstrap-italia/bootstrap-italia.bundle.min.js"]
    assert '<a href="/api/v1/schema/">' in page


def test_every_endpoint_is_grouped_by_tag_with_an_anchor(page, client):
    schema = client.get("/api/v1/schema/").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert f'id="{operation["operationId"]}"' in page, path
            assert f'href="#{operation["operationId"]}"' in page, path
            assert f'<code class="api-url">{path}</code>' in page, path
    for tag in ("pratiche", "enti", "ambiti", "comuni", "avvisi"):
        assert f'id="tag-{tag}"' in page


def test_the_practices_parameters_and_responses_are_tables_in_italian(page):
    operation = page.split('id="pratiche_list"')[1].split("</section>")[0]
    assert "Elenco delle pratiche" in operation
    names = re.findall(r'<th scope="row"><code>([^<]+)</code>', operation.split("<caption>Parametri</caption>")[1]
                       .split("</table>")[0])
    assert set(names) == {*PracticeFilter.base_filters, "pagina", "per_pagina"}
    assert "Ripetere il parametro per più valori" in operation and "Valori:" in operation
    responses = operation.split("<caption>Risposte</caption>")[1]
    assert '<a href="#schema-PaginatedPracticeList">PaginatedPracticeList</a>' in responses
    assert "Troppe richieste" in responses
    assert "Esempio:" in operation and "http://testserver/api/v1/pratiche/" in operation


def test_data_schemas_have_their_fields_and_links_between_them(page):
    practice = page.split('id="schema-Practice"')[1].split("</section>")[0]
    assert "<caption>Campi di Practice</caption>" in practice
    assert "<code>identificativo</code>" in practice and "<code>titolo</code>" in practice
    assert 'href="#schema-' in practice
    assert 'id="schema-PaginatedPracticeList"' in page
