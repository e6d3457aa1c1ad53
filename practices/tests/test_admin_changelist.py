"""The back office's list of practices: filters that stay cheap at 100,000 practices."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import Practice

pytestmark = pytest.mark.django_db

URL = "/admin/practices/practice/"


def titles(response):
    return {practice.title for practice in response.context["cl"].result_list}


def test_the_publication_year_filter_lists_the_years_with_practices_and_filters_by_them(staff_client, publication):
    rome = timezone.get_default_timezone()
    dated = list(Practice.objects.order_by("pk")[:3])
    # New Year's Eve in Rome is already 2025 there, still 2024 in UTC: the year is the local one.
    moments = [datetime(2021, 6, 1, 12), datetime(2025, 1, 1, 0, 30), datetime(2024, 12, 31, 23, 30)]
    for practice, moment in zip(dated, moments):
        Practice.objects.filter(pk=practice.pk).update(published_at=timezone.make_aware(moment, rome))

    response = staff_client.get(URL)
    year_filter = next(spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", None) == "anno")
    years = [choice["display"] for choice in year_filter.choices(response.context["cl"])][1:]
    in_data = sorted({timezone.localtime(p.published_at).year for p in Practice.objects.exclude(published_at=None)},
                     reverse=True)
    assert years == [str(year) for year in in_data]
    assert "2022" not in years and "2021" in years  # only years that have practices

    assert titles(staff_client.get(URL, {"anno": "2025"})) == {dated[1].title}
    assert dated[2].title in titles(staff_client.get(URL, {"anno": "2024"}))
    assert titles(staff_client.get(URL, {"anno": "2021"})) == {dated[0].title}


def test_the_changelist_does_not_list_dates_with_a_query_over_every_practice(staff_client, publication):
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(URL).status_code == 200
    assert not any("DISTINCT" in query["sql"] and "published_at" in query["sql"] for query in queries)
