"""Breaks a mutation check of the suite found uncaught: each test here fails if the named rule
is broken (the one-per-body count, the integration notice, GDPR erasure of the history) or
exercises a path no test walked (deleting a draft's attachment, free-text funding lines and
organisations on the published practice, an Ambito officer's moves, an ineligible body,
corrupt images and PDFs, loading the calls)."""

import io
from datetime import timedelta

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from practices.models import FundingLevel, Practice
from practices.tests.factories import AmbitoFactory
from submissions import workflow
from submissions.completeness import missing_items
from calls.models import Call
from submissions.models import Candidacy, CandidacyAttachment
from submissions.states import State

from .factories import EDUCATIONAL_POVERTY, draft, make_call, make_user, pdf_bytes
from .test_attachments import jpeg_bytes, png_bytes, upload
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db


def submit(candidacy, officer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.perform(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    return candidacy


# One candidacy per body: counted per kind and per call.

def test_each_kind_of_candidacy_counts_against_its_own_limit_in_the_same_call(call, officer):
    # One ordinary candidacy per body, two on educational poverty: each kind has its own count.
    call.candidacy_types.filter(slug=EDUCATIONAL_POVERTY).update(max_per_body=2)
    submit(draft(call, officer, title="Buona pratica"), officer)
    for title in ("Povertà educative 1", "Povertà educative 2"):
        poverty = submit(draft(call, officer, kind=EDUCATIONAL_POVERTY, title=title), officer)
        assert poverty.state == State.SUBMITTED
    with pytest.raises(workflow.WorkflowError, match="ha già presentato «Povertà educative 1»"):
        workflow.perform(draft(call, officer, kind=EDUCATIONAL_POVERTY, title="Terza"),
                         "submit", officer)
    with pytest.raises(workflow.WorkflowError, match="ha già presentato «Buona pratica»"):
        workflow.perform(draft(call, officer, title="Seconda buona pratica"), "submit", officer)


def test_a_candidacy_in_another_call_does_not_count_against_the_limit(call, officer):
    earlier = make_call(slug="avviso-precedente")
    submit(draft(earlier, officer, title="Nell'avviso precedente"), officer)
    assert submit(draft(call, officer, title="In questo avviso"), officer).state == State.SUBMITTED


# The integration deadline leaves at least the minimum notice (one hour).

def test_an_integration_deadline_within_the_minimum_notice_is_refused(client, candidacy, officer, reviewer):
    submit(candidacy, officer)
    workflow.perform(candidacy, "start_review", reviewer)
    client.force_login(reviewer)
    url = reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "request_integration"])
    too_soon = (timezone.localtime() + timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"note": "Allegare la delibera.", "deadline": too_soon})
    assert response.status_code == 200 and "Indicare un termine futuro per le integrazioni." in response.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.IN_REVIEW and candidacy.integration_deadline is None
    enough = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"note": "Allegare la delibera.", "deadline": enough}).status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.state == State.INTEGRATION_REQUESTED


# GDPR erasure leaves the contact person nowhere: neither on the candidacy nor in its history.

def text_values(row):
    return [str(getattr(row, field.attname)) for field in row._meta.concrete_fields
            if getattr(row, field.attname) is not None]


def test_erasure_leaves_the_contact_person_in_no_field_of_the_candidacy_or_its_history(client, call, taxonomies):
    from practices.tests.factories import ComuneFactory

    officer = make_user("giulia.bianchi", comune=ComuneFactory(istat_code="072008", name="Bitonto"),
                        email="giulia.bianchi@comune.example.it")
    client.force_login(officer)
    client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(officer.body_memberships.get().body_id), "kind": "ordinaria"})
    candidacy = Candidacy.objects.get()
    phone = "+39 080 5559876"
    # Edited through the form: each save is a history row holding the contact person.
    for title in ("Prima stesura", "Seconda stesura"):
        candidacy.refresh_from_db()
        response = client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
            candidacy, title=title, contact_name=officer.get_full_name(), contact_email=officer.email,
            contact_phone=phone, contact_role="Responsabile"))
        assert response.status_code == 302, response.text
    personal = (officer.get_full_name(), officer.email, phone)
    rows = [candidacy, *Candidacy.history.filter(id=candidacy.pk)]
    assert len(rows) >= 3 and all(any(v in " ".join(text_values(r)) for v in personal) for r in rows[1:])

    call_command("officer_data", "giulia.bianchi", "--erase", "--yes", verbosity=0)

    candidacy.refresh_from_db()
    for row in [candidacy, *Candidacy.history.filter(id=candidacy.pk)]:
        text = " ".join(text_values(row))
        for value in personal:
            assert value not in text, (row, value)


# Paths no test walked.

def test_an_officer_deletes_an_attachment_from_a_draft(officer_client, candidacy):
    attachment = candidacy.attachments.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    response = officer_client.post(reverse("submissions:attachment_delete", args=[candidacy.uuid, attachment.pk]),
                                   follow=True)
    assert response.status_code == 200 and "Allegato eliminato." in response.text
    assert not CandidacyAttachment.objects.filter(pk=attachment.pk).exists() and not storage.exists(name)
    candidacy.refresh_from_db()
    assert any("Relazione descrittiva" in m.message for m in missing_items(candidacy))


def test_free_text_funding_lines_and_organisations_appear_on_the_published_practice(
        client, officer_client, call, officer, reviewer):
    candidacy = draft(call, officer)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, **{field: getattr(candidacy, field) for field in (
            "intervention_area", "recipients", "aims", "implementation", "achieved_results", "stakeholders",
            "improvements", "start_year", "status", "contact_name", "contact_email", "contact_phone")},
        tipologia=candidacy.tipologia_id, areas=[a.pk for a in candidacy.areas.all()],
        target_groups=[g.pk for g in candidacy.target_groups.all()],
        accepted_declarations=[d.pk for d in call.declarations.all()],
        **{"finanziamenti-0-other_programme": "Fondo comunale per le famiglie fragili",
           "finanziamenti-0-level": FundingLevel.objects.get(slug="regionale").pk,
           "finanziamenti-0-amount": "8000", "finanziamenti-0-year": "2023",
           "soggetti-0-name": "Cooperativa sociale Il Ponte"}))
    assert response.status_code == 302, response.text
    submit(candidacy, officer)
    for name, extra in (("start_review", {}), ("admit", {"note": "Ammessa.", "communicate": True}), ("publish", {})):
        workflow.perform(candidacy, name, reviewer, **extra)
    candidacy.refresh_from_db()
    practice = Practice.objects.get(pk=candidacy.practice_id)
    # The line became a grant of its programme with the amount assigned in its year (funding/lines.py).
    assert [link.as_line() for link in practice.funding.all()] == [
        ("Fondo comunale per le famiglie fragili", "regionale", Decimal("8000.00"), 2023, "")]
    # A typed organisation becomes a body taking part in the practice.
    assert [(p.body.name, p.body.kind) for p in practice.participants.all()] == [
        ("Cooperativa sociale Il Ponte", "altro")]
    page = client.get(practice.get_absolute_url()).text
    assert "Fondo comunale per le famiglie fragili" in page and "Cooperativa sociale Il Ponte" in page


@pytest.fixture
def ambito_officer(db):
    ambito = AmbitoFactory(name="Ambito di Conversano", slug="ambito-di-conversano")
    return make_user("referente.conversano", ambito=ambito)


def test_an_ambito_officer_submits_answers_integrations_and_withdraws(client, call, ambito_officer, reviewer):
    client.force_login(ambito_officer)
    candidacy = draft(call, ambito_officer, title="Pratica dell'Ambito")
    assert candidacy.lead.kind == "ambito" and candidacy.lead.ambito.name == "Ambito di Conversano"
    submitted = client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]), follow=True)
    assert "Candidatura presentata." in submitted.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.SUBMITTED and candidacy.protocol_number
    workflow.perform(candidacy, "start_review", reviewer)
    workflow.perform(candidacy, "request_integration", reviewer, note="Allegare la delibera.",
                     deadline=timezone.now() + timedelta(days=5))
    answered = client.post(reverse("submissions:candidacy_resubmit", args=[candidacy.uuid]), follow=True)
    assert "Integrazioni presentate." in answered.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.IN_REVIEW  # the review resumes by itself
    withdrawn = client.post(reverse("submissions:candidacy_withdraw", args=[candidacy.uuid]),
                            {"note": "Rinuncia dell'Ambito."}, follow=True)
    assert "Candidatura ritirata." in withdrawn.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.WITHDRAWN
    assert list(candidacy.events.values_list("actor__username", flat=True).filter(
        transition__in=["submit", "resubmit", "withdraw"])) == ["referente.conversano"] * 3


def test_a_body_the_call_does_not_admit_cannot_start_a_candidacy(client, call, ambito_officer):
    call.accepted_kinds = ["comune"]
    call.save()
    client.force_login(ambito_officer)
    body = ambito_officer.body_memberships.get().body
    response = client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(body.pk), "kind": "ordinaria"})
    assert response.status_code == 400
    assert ("Ambito di Conversano non può partecipare a questo avviso: sono ammessi solo questi tipi di ente: "
            "Comune." in response.text)
    assert not Candidacy.objects.exists()


def corrupt(data, keep):
    """The file's first `keep` bytes and its last 16, the middle lost (a broken transfer)."""
    return data[:keep] + data[-16:]


@pytest.mark.parametrize("name, content", [
    ("foto.png", png_bytes()[:40]),
    ("foto.png", png_bytes()[:16] + b"\x00" * 200),
    ("foto.jpg", jpeg_bytes()[:30]),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 300),
    # Header and end marker intact, body missing: only parsing finds it.
    ("relazione.pdf", corrupt(pdf_bytes(), 60)),
])
def test_corrupt_images_and_pdfs_are_refused_through_the_officer_view(officer_client, call, officer, name, content):
    empty = draft(call, officer, complete=False)
    response = upload(officer_client, empty, name, content, title="Foto dell'evento")
    assert response.status_code == 400
    assert "non corrisponde a un file" in response.text and "Foto dell&#x27;evento" in response.text
    assert not CandidacyAttachment.objects.exists()


def test_load_calls_is_idempotent_keeps_staff_edits_and_update_restores(taxonomies):
    from practices.tests.factories import RegionFactory

    RegionFactory(istat_code="16")
    out = io.StringIO()
    call_command("load_calls", stdout=out)
    assert "1 creati" in out.getvalue()
    call = Call.objects.get(slug="avviso-buone-pratiche-2023")
    # One ordinary practice per body, projects on povertà educative without a per-body limit.
    assert dict(call.candidacy_types.values_list("slug", "max_per_body")) == {"ordinaria": 1, "poverta_educativa": None}
    assert (call.required_attachments.count(), call.declarations.count(), call.criteria.count()) == (2, 3, 5)
    original = (call.title, call.closes_at)

    call.title, call.closes_at = "Titolo corretto dallo staff", call.closes_at + timedelta(days=7)
    call.save()
    out = io.StringIO()
    call_command("load_calls", stdout=out)
    assert "0 creati, 1 già presenti" in out.getvalue()
    call.refresh_from_db()
    assert call.title == "Titolo corretto dallo staff" and Call.objects.count() == 1
    assert (call.required_attachments.count(), call.declarations.count(), call.criteria.count()) == (2, 3, 5)

    call_command("load_calls", "--update", stdout=io.StringIO())
    call.refresh_from_db()
    assert (call.title, call.closes_at) == original
