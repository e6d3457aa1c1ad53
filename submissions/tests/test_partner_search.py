"""The partner picker's search: what the call accepts as partners, by name, to the body's officers only."""

import pytest
from django.urls import reverse

from practices.models import Body
from practices.tests.factories import ComuneFactory, ProvinceFactory, RegionFactory

pytestmark = pytest.mark.django_db


def search(client, candidacy, text):
    response = client.get(reverse("submissions:partner_search", args=[candidacy.uuid]), {"q": text})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_the_search_offers_the_comuni_of_the_call_region_and_other_bodies(officer_client, candidacy, monopoli):
    elsewhere = ComuneFactory(istat_code="058091", name="Monopoli di Fuori",
                              province=ProvinceFactory(istat_code="058", sigla="RM", name="Roma",
                                                       region=RegionFactory(istat_code="12", name="Lazio")))
    candidacy.call.region = monopoli.province.region
    candidacy.call.save()
    cooperative = Body.objects.create(name="Cooperativa Monopoli Solidale", kind=Body.Kind.TERZO_SETTORE, slug="coop-monopoli-solidale")
    results = search(officer_client, candidacy, "monop")
    values = [r["value"] for r in results]
    assert f"comune-{monopoli.istat_code}" in values and f"ente-{cooperative.pk}" in values
    assert f"comune-{elsewhere.istat_code}" not in values  # another region's Comune is not accepted
    assert values.index(f"comune-{monopoli.istat_code}") < values.index(f"ente-{cooperative.pk}")
    assert any(r["label"].startswith("Cooperativa Monopoli Solidale (") for r in results)
    assert search(officer_client, candidacy, "m") == []  # one letter matches too much to help


def test_a_chosen_result_is_accepted_by_the_partner_row(officer_client, candidacy, monopoli):
    from .test_officer_area import form_data

    candidacy.call.region = monopoli.province.region
    candidacy.call.save()
    (choice,) = search(officer_client, candidacy, "Monopoli")
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    page = officer_client.get(url).text
    assert f'data-partner-search="{reverse("submissions:partner_search", args=[candidacy.uuid])}"' in page
    assert "js/partner-picker.js" in page
    response = officer_client.post(url, form_data(candidacy, title=candidacy.title, **{"partner-0-body": choice["value"]}))
    assert response.status_code == 302
    assert candidacy.partners.get().body.comune == monopoli


def test_only_the_officers_of_the_body_can_search(client, candidacy, other_officer):
    client.force_login(other_officer)
    assert client.get(reverse("submissions:partner_search", args=[candidacy.uuid]), {"q": "Bari"}).status_code == 404
