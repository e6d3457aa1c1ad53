"""Who may apply to a call: kinds of body (empty: any), the region and optional provinces, as
the fixture, the admin and the API state them."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from calls.models import Call
from practices.models import Body
from practices.tests.factories import ProvinceFactory

pytestmark = pytest.mark.django_db


def test_the_2023_call_admits_the_comuni_and_ambiti_of_puglia(bari):
    call_command("load_taxonomies", verbosity=0)
    call_command("load_calls", verbosity=0)
    call = Call.objects.get(slug="avviso-buone-pratiche-2023")
    assert call.accepted_kinds == ["comune", "ambito"] and call.region.name == "Puglia"
    assert call.accepts(Body.objects.for_comune(bari))
    cooperative = Body.objects.create(kind=Body.Kind.TERZO_SETTORE, name="Cooperativa sociale", comune=bari)
    assert call.refusal(cooperative) == ("sono ammessi solo questi tipi di ente: Comune, "
                                         "Ambito Territoriale Sociale.")


def test_a_call_file_names_kinds_and_provinces(tmp_path, bari):
    call_command("load_taxonomies", verbosity=0)
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", region=bari.province.region)
    spec = {"slug": "avviso-salento", "title": "Avviso per il Salento", "region": "16", "provinces": ["075"],
            "accepted_kinds": ["terzo_settore", "comune"],
            "opens_at": "2026-01-01T00:00:00+01:00", "closes_at": "2026-03-01T00:00:00+01:00"}
    path = tmp_path / "calls.json"
    path.write_text(json.dumps({"default_candidacy_types": [{"slug": "ordinaria", "name": "Buona pratica"}],
                                "calls": [spec]}), encoding="utf-8")
    call_command("load_calls", file=str(path), verbosity=0)
    call = Call.objects.get(slug="avviso-salento")
    assert call.accepted_kinds == ["terzo_settore", "comune"] and list(call.provinces.all()) == [lecce]
    assert call.refusal(Body.objects.for_comune(bari)) == "sono ammessi solo gli enti delle province di Lecce."


def test_staff_tick_the_kinds_and_pick_provinces_in_the_admin(admin_client, bari):
    call_command("load_taxonomies", verbosity=0)
    data = {
        "title": "Avviso per gli enti del Terzo settore", "slug": "avviso-terzo-settore", "act": "", "description": "",
        "opens_at_0": "01/01/2026", "opens_at_1": "00:00:00", "closes_at_0": "01/03/2026", "closes_at_1": "00:00:00",
        "accepted_kinds": ["terzo_settore", "fondazione"], "region": bari.province.region.pk,
        "provinces": [bari.province.pk],
    }
    for prefix in ("candidacy_types", "required_attachments", "declarations", "criteria", "accepted_stages",
                   "section_requirements"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    form = admin_client.get(reverse("admin:calls_call_add"))
    assert 'value="terzo_settore"' in form.text and 'type="checkbox"' in form.text
    response = admin_client.post(reverse("admin:calls_call_add"), data)
    assert response.status_code == 302, response.text
    call = Call.objects.get(slug="avviso-terzo-settore")
    assert call.accepted_kinds == ["terzo_settore", "fondazione"] and list(call.provinces.all()) == [bari.province]

    data["accepted_kinds"] = ["cooperativa"]
    refused = admin_client.post(reverse("admin:calls_call_change", args=[call.pk]), data)
    assert refused.status_code == 200 and "cooperativa non è tra quelle disponibili" in refused.text


def test_the_api_lists_the_kinds_and_keeps_the_two_old_booleans(client, bari):
    call_command("load_taxonomies", verbosity=0)
    call_command("load_calls", verbosity=0)
    Call.objects.update(accepted_kinds=["terzo_settore"])
    (avviso,) = client.get("/api/v1/avvisi/").json()["risultati"]
    assert avviso["tipi_ente_ammessi"] == ["terzo_settore"]
    assert avviso["possono_candidarsi_comuni"] is False and avviso["possono_candidarsi_ambiti"] is False
    Call.objects.update(accepted_kinds=[])
    (avviso,) = client.get("/api/v1/avvisi/").json()["risultati"]
    assert avviso["tipi_ente_ammessi"] == [] and avviso["possono_candidarsi_comuni"] is True
