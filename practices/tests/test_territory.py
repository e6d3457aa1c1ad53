"""One meaning of "the province a practice counts under": its Comune's, or for an Ambito its
own province, else its capofila's. The facet, its filter, the practice page, the province page,
the statistics, the export and call eligibility all agree."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from practices.models import Body, Practice
from practices.models.practice import province_sigla

from .factories import AmbitoFactory, ComuneFactory, PracticeFactory, ProvinceFactory

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")


@pytest.fixture
def capofila_practice():
    """A practice of an Ambito with no province of its own, whose capofila is in Lecce."""
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce")
    maglie = ComuneFactory(istat_code="075039", name="Maglie", province=lecce)
    ambito = AmbitoFactory(name="Ambito di Maglie", slug="ambito-di-maglie", capofila=maglie, province=None)
    return PracticeFactory(title="Rete dei servizi di Maglie", lead_comune=None, lead_ambito=ambito)


def test_the_facet_its_filter_and_the_page_agree(client, capofila_practice):
    listing = client.get(LIST)
    [provinces] = [f for f in listing.context["facets"] if f.name == "provincia"]
    assert {v.value: v.count for v in provinces.values} == {"LE": 1}
    filtered = client.get(LIST, {"provincia": "LE"})
    assert [p.title for p in filtered.context["page_obj"].object_list] == [capofila_practice.title]
    page = client.get(capofila_practice.get_absolute_url())
    assert page.context["practice"].province.sigla == "LE" and "Lecce" in page.text
    province_page = client.get(reverse("catalogue:province_detail", args=["LE"]))
    assert capofila_practice.title in province_page.text


def test_statistics_and_export_agree(client, capofila_practice):
    statistics = client.get(reverse("catalogue:statistics"))
    [chart] = [c for c in statistics.context["charts"] if c.slug == "provincia"]
    assert [(label, n) for label, n, _url in chart.rows] == [("Lecce", 1)]
    export = client.get(LIST, {"formato": "csv"})
    [row] = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert row["provincia"] == "LE"
    assert Practice.objects.annotate(sigla=province_sigla()).get().sigla == "LE"


def test_call_eligibility_counts_the_ambito_under_the_same_province(capofila_practice):
    ambito = capofila_practice.lead.ambito
    now = timezone.now()
    call = Call.objects.create(title="Avviso", slug="avviso", opens_at=now, closes_at=now + timedelta(days=1),
                               region=ambito.capofila.province.region)
    other_region = Call.objects.create(title="Altro", slug="altro", opens_at=now,
                                       closes_at=now + timedelta(days=1),
                                       region=ProvinceFactory(istat_code="001", sigla="TO", name="Torino",
                                                              region__istat_code="01", region__name="Piemonte").region)
    body = Body.objects.for_ambito(ambito)
    assert call.accepts(body) and not other_region.accepts(body)
