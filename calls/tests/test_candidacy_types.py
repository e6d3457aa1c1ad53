"""Candidacy types are data: the fixture gives each call its types, and a new kind of candidacy
is a row with its own per-body limit and catalogue mark, no code."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from calls.call_loader import template_spec
from calls.models import Call
from submissions import workflow
from submissions.models import Candidacy
from submissions.tests.factories import make_user


@pytest.fixture
def reference(db, bari):
    call_command("load_taxonomies", verbosity=0)
    call_command("load_calls", verbosity=0)


def test_the_2023_call_gets_the_usual_types_from_the_fixture(reference):
    call = Call.objects.get(slug="avviso-buone-pratiche-2023")
    assert [(t.slug, t.max_per_body, t.practice_flag) for t in call.candidacy_types.all()] == [
        ("ordinaria", 1, ""), ("poverta_educativa", None, "educational_poverty")]


def test_a_new_candidacy_type_is_a_row_in_the_fixture(reference, tmp_path, client, bari):
    spec = template_spec()
    now = timezone.now()
    spec.update(slug="avviso-innovazione", title="Avviso innovazione", region=None,
                opens_at=(now - timedelta(days=1)).isoformat(), closes_at=(now + timedelta(days=30)).isoformat(),
                decisions_communicated_at=None,
                candidacy_types=[{"slug": "innovazione", "name": "Progetto di innovazione sociale", "max_per_body": 1}])
    path = tmp_path / "calls.json"
    path.write_text(json.dumps({"default_candidacy_types": [], "calls": [spec]}), encoding="utf-8")
    call_command("load_calls", file=str(path), verbosity=0)
    call = Call.objects.get(slug="avviso-innovazione")
    officer = make_user("referente.bari", comune=bari)
    client.force_login(officer)

    page = client.get(reverse("submissions:candidacy_start"))
    assert "Progetto di innovazione sociale" in page.text
    body = str(officer.body_memberships.get().body_id)
    response = client.post(reverse("submissions:candidacy_start"),
                           {"call": call.pk, "body": body, "kind": "innovazione"})
    assert response.status_code == 302
    candidacy = Candidacy.objects.get()
    assert candidacy.type.name == "Progetto di innovazione sociale" and candidacy.call == call
    refused = client.post(reverse("submissions:candidacy_start"),
                          {"call": call.pk, "body": body, "kind": "poverta_educativa"})
    # The call accepts only its own types: the usual ones are not offered.
    assert refused.status_code == 400
    assert Candidacy.objects.count() == 1
    assert workflow.allowed_transitions(candidacy, officer)
