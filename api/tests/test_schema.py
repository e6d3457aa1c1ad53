"""The OpenAPI schema describes the API, and the API keeps to it (schemathesis)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from api.views import SchemaView
from buonepratiche.wsgi import application
from catalogue.filters import PracticeFilter

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_describes_every_collection_and_filter(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema == _published_schema()  # what the schemathesis test below checks the API against
    assert schema["openapi"].startswith("3.") and schema["info"]["license"]["name"] == "CC BY 4.0"
    for path in ("/pratiche/", "/pratiche/{identificativo}/", "/comuni/{codice_istat}/", "/ambiti/{identificativo}/",
                 "/province/{sigla}/", "/tipologie/", "/aree/", "/destinatari/", "/livelli-finanziamento/",
                 "/linee-finanziamento/", "/avvisi/"):
        assert f"/api/v1{path}" in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/pratiche/"]["get"]["parameters"]}
    assert parameters == {*PracticeFilter.base_filters, "pagina", "per_pagina"}
    responses = schema["paths"]["/api/v1/pratiche/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(responses)


def test_docs_page_is_the_sites_page_with_vendored_swagger_ui(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "API dei dati aperti" in page and 'id="swagger-ui"' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript") and "/api/v1/schema/" in script.content.decode()


def _published_schema():
    """The schema /api/v1/schema/ serves, built by its own generator: it reads no data, so it can
    be built when the module is collected (a request could not: the API's rate limit counts it
    in the database)."""
    generator = SchemaView.generator_class(urlconf=SchemaView.urlconf, api_version=SchemaView.api_version,
                                           patterns=SchemaView.patterns)
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=SchemaView.serve_public)))


schema = schemathesis.openapi.from_dict(_published_schema())
schema.app = application


@pytest.fixture
def test_database_stays_open():
    """Requests go through the real WSGI application, which closes the database connection at the
    end of each request; inside a test that would close the test's own transaction (PostgreSQL).
    Django's test client avoids it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, publication, test_database_stays_open):
    """Random, boundary and malformed parameters: never a 500, every answer as documented."""
    excluded = []
    if case.operation.path == "/api/v1/pratiche/":
        # Which slugs exist is data, not schema: a well-formed but unknown area is rightly a 400.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
