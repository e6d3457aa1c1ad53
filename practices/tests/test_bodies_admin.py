"""The back office of bodies (enti): their list, search and filters, their documents, and a
practice's lead, participants and covered territory in its form."""

import pytest
from django.urls import reverse

from practices.models import Body, DocumentKind

from .factories import BodyFactory, ComuneFactory, InvolvementRoleFactory, PracticeFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_bodies_are_listed_searched_and_filtered(staff_client):
    BodyFactory(name="Cooperativa Sociale Rinascita", ipa_code="c_rin01")
    BodyFactory(name="ASL Lecce", kind=Body.Kind.AZIENDA_SANITARIA)
    Body.objects.for_comune(ComuneFactory(name="Maglie", istat_code="072099"))
    url = reverse("admin:practices_body_changelist")
    names = lambda response: sorted(str(b) for b in response.context["cl"].result_list)  # noqa: E731
    assert names(staff_client.get(url, {"q": "c_rin01"})) == ["Cooperativa Sociale Rinascita"]
    assert names(staff_client.get(url, {"q": "072099"})) == ["Comune di Maglie"]
    assert names(staff_client.get(url, {"kind__exact": "azienda_sanitaria"})) == ["ASL Lecce"]
    assert names(staff_client.get(url, {"region__id__exact": RegionFactory().pk})) == ["Comune di Maglie"]


def test_a_body_is_created_with_a_link_document_and_its_territory_follows_its_seat(staff_client):
    seat = ComuneFactory(name="Maglie")
    kind = DocumentKind.objects.create(name="Statuto", slug="statuto")
    response = staff_client.post(reverse("admin:practices_body_add"), {
        "kind": "terzo_settore", "name": "Cooperativa Sociale Rinascita", "slug": "rinascita", "comune": seat.pk,
        "ambito": "", "province": "", "region": "", "ipa_code": "", "tax_code": "", "website": "",
        "email": "", "pec": "", "phone": "", "address": "",
        "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0",
        "documents-0-kind": kind.pk, "documents-0-title": "Statuto della cooperativa",
        "documents-0-url": "https://rinascita.example/statuto.pdf", "documents-0-position": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    body = Body.objects.get(name="Cooperativa Sociale Rinascita")
    assert body.province == seat.province and body.region == seat.province.region
    assert [d.title for d in body.documents.all()] == ["Statuto della cooperativa"]
    assert body.history.count() == 1


def test_the_practice_form_takes_lead_participants_and_covered_territory(staff_client):
    practice = PracticeFactory()
    page = staff_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    form = page.context["adminform"].form
    assert {"lead", "covered_regions", "covered_provinces", "covered_comuni"} <= form.fields.keys()
    assert "participants-TOTAL_FORMS" in page.content.decode()
    cooperative = BodyFactory(name="Cooperativa Sociale Rinascita")
    answer = staff_client.get("/admin/autocomplete/", {
        "app_label": "practices", "model_name": "practice", "field_name": "lead", "term": "Rinascita"})
    assert [item["text"] for item in answer.json()["results"]] == ["Cooperativa Sociale Rinascita"]
    answer = staff_client.get("/admin/autocomplete/", {
        "app_label": "practices", "model_name": "practiceparticipant", "field_name": "body", "term": "Rinascita"})
    assert [item["id"] for item in answer.json()["results"]] == [str(cooperative.pk)]
    # Saved with a participant through the inline: the practice is then found by its name.
    role = InvolvementRoleFactory(slug="partner")
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "published_at":
            continue
        data[name] = [getattr(v, "pk", v) for v in value] if isinstance(value, list | tuple) else getattr(
            value, "pk", value)
    data["lead"] = practice.lead_id
    data["covered_regions"] = [RegionFactory(istat_code="03", name="Lombardia").pk]
    for prefix in ("participants", "funding", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"participants-TOTAL_FORMS": "1", "participants-0-body": cooperative.pk,
                 "participants-0-role": role.pk, "participants-0-position": "0"})
    response = staff_client.post(reverse("admin:practices_practice_change", args=[practice.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert [(p.body, p.role) for p in practice.participants.all()] == [(cooperative, role)]
    assert "Cooperativa Sociale Rinascita" in practice.place_names
    assert [r.istat_code for r in practice.covered_regions.all()] == ["03"]
