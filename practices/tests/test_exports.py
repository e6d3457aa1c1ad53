"""The catalogue's downloads write every practice exactly as the back office resource does,
in the order asked for, with a number of queries that does not grow with the rows."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from practices import export_rows as export_rows_module
from practices.exports import stream_csv, stream_json, xlsx_file
from practices.models import Comune, Organisation, Practice, PracticeOrganisation
from practices.resources import PracticeResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(publication):
    """The 21 real cards and 40 synthetic ones, with empty values, partners and organisations."""
    call_command("generate_practices", "40", "--seed", "5", stdout=open("/dev/null", "w"))
    first, second = Practice.objects.order_by("pk")[:2]
    first.partner_comuni.add(*Comune.objects.order_by("-istat_code")[:3])
    Practice.objects.filter(pk=second.pk).update(total_budget=None, people_reached=None, start_year=None,
                                                 published_at=None, tipologia=None, call=None)
    organisation = Organisation.objects.create(name="Cooperativa =SOMMA(1)")  # no kind, no role
    PracticeOrganisation.objects.create(practice=first, organisation=organisation, position=99)


def resource_rows(queryset):
    """The oracle: each practice through the resource's own export, field by field."""
    resource = PracticeResource()
    fields = resource.get_export_fields()
    yield resource.get_export_headers()
    for practice in resource.optimise(queryset):
        yield [resource.export_field(field, practice) for field in fields]


def ordered():
    return Practice.objects.order_by("title", "pk")


@pytest.mark.parametrize("language", ["it", "en"])
def test_rows_are_the_resources_rows(varied, language):
    with translation.override(language):
        expected = list(resource_rows(ordered()))
        assert list(export_rows_module.export_rows(ordered())) == expected
    assert len(expected) == 62
    # Every column has values somewhere, and some are empty: the comparison covers both.
    for column in range(len(expected[0])):
        values = {str(row[column]) for row in expected[1:]}
        assert values - {""}, expected[0][column]


def test_csv_json_and_xlsx_hold_the_resources_values(varied):
    expected = list(resource_rows(ordered()))
    headers, body = expected[0], expected[1:]

    parsed = list(csv.reader(io.StringIO("".join(stream_csv(ordered())))))
    assert parsed[0] == headers
    safe = [["'" + str(v) if str(v).startswith(("=", "+", "-", "@")) else str(v) for v in row] for row in body]
    assert parsed[1:] == safe

    data = json.loads("".join(stream_json(ordered())))
    assert data == [dict(zip(headers, row)) for row in body]

    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_file(ordered())).active
    cells = [["" if c is None else c for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [["" if v is None else str(v) for v in row] for row in body]


def test_rows_follow_the_querysets_order(varied):
    by_date = Practice.objects.order_by("-published_at", "-pk")
    slugs = [row[0] for row in list(export_rows_module.export_rows(by_date))[1:]]
    assert slugs == list(by_date.values_list("slug", flat=True))


def test_queries_do_not_grow_with_the_rows(varied, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(export_rows_module, "CHUNK_SIZE", 1000)
    few = Practice.objects.order_by("pk")[:5]
    many = Practice.objects.order_by("pk")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        list(export_rows_module.export_rows(Practice.objects.filter(pk__in=few.values("pk"))))
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(list(export_rows_module.export_rows(many))) == 62
