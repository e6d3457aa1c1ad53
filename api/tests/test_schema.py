"""The OpenAPI schema describes the API, and the API keeps to it (schemathesis)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from buonepratiche.wsgi import application
from catalogue.filters import PracticeFilter
from practices.models import Tipologia

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_describes_every_collection_and_filter(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.") and schema["info"]["license"]["name"] == "CC BY 4.0"
    for path in ("/pratiche/", "/pratiche/{identificativo}/", "/comuni/{codice_istat}/", "/ambiti/{identificativo}/",
                 "/province/{sigla}/", "/tipologie/", "/aree/", "/destinatari/", "/livelli-finanziamento/",
                 "/programmi/", "/avvisi/"):
        assert f"/api/v1{path}" in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/pratiche/"]["get"]["parameters"]}
    assert parameters == {*PracticeFilter.base_filters, "pagina", "per_pagina"}
    responses = schema["paths"]["/api/v1/pratiche/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(responses)


def test_choice_filters_declare_the_values_accepted_now_as_enums(client, publication):
    def declared():
        parameters = client.get("/api/v1/schema/").json()["paths"]["/api/v1/pratiche/"]["get"]["parameters"]
        return {p["name"]: (p["schema"].get("items") or p["schema"]).get("enum") for p in parameters}

    enums = declared()
    for name, filter_ in PracticeFilter.base_filters.items():
        if name in {"q", "comune", "anno"}:  # free text, and open-ended codes: checked by pattern
            assert enums[name] is None, name
            continue
        choices = filter_.extra["choices"]
        expected = sorted(str(value) for value, _label in (choices() if callable(choices) else choices))
        # The empty value is "no filter".
        assert expected and enums[name] == ["", *expected], name
    assert "BA" in enums["provincia"] and enums["poverta_educativa"] == ["", "no", "si"]
    # A term added in the back office is in the next schema: it is generated per request.
    Tipologia.objects.create(slug="tipologia-nuova", name="Tipologia nuova")
    assert "tipologia-nuova" in declared()["tipologia"]


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


def test_api_answers_as_its_schema_says(publication, test_database_stays_open):
    """Random, boundary and malformed parameters: never a 500, every answer as documented, and
    values valid by the schema (the filters' enums) accepted.

    The schema is loaded inside the test, from the published catalogue, since its enums list the
    taxonomies' values (schemathesis' lazy fixture loader does not run under this pytest)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def check(case):
                case.call_and_validate()

            try:
                check()
            except Unsatisfiable:
                # Nothing invalid to send where nothing can be chosen (no parameters).
                assert mode == GenerationMode.NEGATIVE, operation.label
