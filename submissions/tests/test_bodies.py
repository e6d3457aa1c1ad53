"""Officers act for any body: a cooperative proposes with an Ambito and a Comune as partners,
calls admit kinds of body and territories, an officer of two bodies sees both and no more,
and publication gives the practice its lead and participants."""

import pytest
from django.urls import reverse

from practices.models import Body, InvolvementRole, Practice
from practices.tests.factories import AmbitoFactory, ComuneFactory, ProvinceFactory
from submissions import workflow
from submissions.models import AdmissibilityCheck, Candidacy, CandidacyOrganisation, CandidacyPartner
from submissions.states import State

from .factories import draft, fill, make_call, make_user
from .test_officer_area import form_data

FILLED = ("intervention_area", "recipients", "aims", "implementation", "achieved_results", "stakeholders",
          "improvements", "start_year", "status", "contact_name", "contact_email", "contact_phone")


def complete_form(candidacy, **extra):
    """The candidacy form as the officer posts it, with everything `draft` filled in."""
    return form_data(
        candidacy, **{field: getattr(candidacy, field) for field in FILLED},
        tipologia=candidacy.tipologia_id, areas=[a.pk for a in candidacy.areas.all()],
        target_groups=[g.pk for g in candidacy.target_groups.all()],
        accepted_declarations=[d.pk for d in candidacy.call.declarations.all()], **extra)


def role(slug):
    return InvolvementRole.objects.get(slug=slug)


@pytest.fixture
def cooperative(bari):
    """A social cooperative with its seat in Bari."""
    return Body.objects.create(kind=Body.Kind.TERZO_SETTORE, name="Cooperativa sociale Il Ponte", comune=bari)


def test_a_cooperative_submits_with_an_ambito_and_a_comune_as_partners(client, taxonomies, cooperative, bari):
    call = make_call(accepted_kinds=[Body.Kind.TERZO_SETTORE])
    officer = make_user("referente.cooperativa", body=cooperative)
    ambito = Body.objects.for_ambito(AmbitoFactory(name="Ambito di Conversano", capofila=bari))
    triggiano = ComuneFactory(istat_code="072046", name="Triggiano", province=bari.province)
    assert not Body.objects.filter(comune=triggiano).exists()
    client.force_login(officer)

    started = client.post(reverse("submissions:candidacy_start"),
                          {"call": call.pk, "body": str(cooperative.pk), "kind": "ordinaria"})
    assert started.status_code == 302
    candidacy = Candidacy.objects.get()
    assert candidacy.lead == cooperative
    edit = client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid]))
    # The partner list offers the Ambito's body and the Comuni of the call's region, Triggiano included.
    assert f'value="ente-{ambito.pk}"' in edit.text and 'value="comune-072046"' in edit.text

    draft_filled = fill(candidacy)
    saved = client.post(reverse("submissions:candidacy_edit", args=[draft_filled.uuid]), complete_form(
        draft_filled, **{"partner-TOTAL_FORMS": "2",
                         "partner-0-body": f"ente-{ambito.pk}", "partner-0-role": role("partner").pk,
                         "partner-1-body": "comune-072046", "partner-1-role": role("ente-gestore").pk}))
    assert saved.status_code == 302, saved.text
    submitted = client.post(reverse("submissions:candidacy_submit", args=[draft_filled.uuid]), follow=True)
    assert "Candidatura presentata." in submitted.text

    draft_filled.refresh_from_db()
    assert draft_filled.state == State.SUBMITTED and draft_filled.lead == cooperative
    partners = [(p.body, p.role.slug) for p in draft_filled.partners.all()]
    assert partners == [(ambito, "partner"), (Body.objects.get(kind="comune", comune=triggiano), "ente-gestore")]
    detail = client.get(draft_filled.get_absolute_url())
    assert "Ambito di Conversano (Partner)" in detail.text and "Comune di Triggiano (Ente gestore)" in detail.text
    assert workflow.suggested_checks(draft_filled)[AdmissibilityCheck.Item.ELIGIBLE_BODY]


def test_the_proposer_is_not_its_own_partner(client, taxonomies, cooperative):
    call = make_call(accepted_kinds=[Body.Kind.TERZO_SETTORE])
    officer = make_user("referente.cooperativa", body=cooperative)
    candidacy = draft(call, officer)
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), complete_form(
        candidacy, **{"partner-0-body": f"ente-{cooperative.pk}"}))
    assert "L&#x27;ente proponente non va indicato tra i partner." in response.text
    assert not CandidacyPartner.objects.exists()


def test_a_call_open_only_to_comuni_refuses_an_ambito_officer_in_italian(client, taxonomies, bari):
    call = make_call(accepted_kinds=[Body.Kind.COMUNE])
    officer = make_user("referente.ambito", ambito=AmbitoFactory(name="Ambito di Bari", capofila=bari))
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(officer.body_memberships.get().body_id), "kind": "ordinaria"})
    assert response.status_code == 400 and not Candidacy.objects.exists()
    assert ("Ambito di Bari non può partecipare a questo avviso: sono ammessi solo questi tipi di ente: Comune."
            in response.text)


def test_a_call_for_some_provinces_refuses_a_body_of_another(client, taxonomies, bari):
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", region=bari.province.region)
    call = make_call()
    call.provinces.set([lecce])
    officer = make_user("referente.bari", comune=bari)
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(officer.body_memberships.get().body_id), "kind": "ordinaria"})
    assert response.status_code == 400
    assert "sono ammessi solo gli enti delle province di Lecce." in response.text
    castro = make_user("referente.castro", comune=ComuneFactory(istat_code="075019", name="Castro", province=lecce))
    assert call.accepts(castro.body_memberships.get().body)


def test_an_officer_of_two_bodies_sees_both_and_no_one_elses(client, taxonomies, bari, monopoli):
    call = make_call()
    ambito = AmbitoFactory(name="Ambito di Bari", capofila=bari)
    of_bari, of_ambito = make_user("referente.bari", comune=bari), make_user("referente.ambito", ambito=ambito)
    of_monopoli = make_user("referente.monopoli", comune=monopoli)
    both = make_user("referente.doppio", comune=bari)
    both.body_memberships.create(body=Body.objects.for_ambito(ambito), role="Coordinatrice")
    mine = [draft(call, of_bari, title="Pratica del Comune di Bari"),
            draft(call, of_ambito, title="Pratica dell'Ambito di Bari")]
    theirs = draft(call, of_monopoli, title="Pratica di Monopoli")
    client.force_login(both)

    dashboard = client.get(reverse("submissions:dashboard"))
    assert "Pratica del Comune di Bari" in dashboard.text and "Pratica dell&#x27;Ambito di Bari" in dashboard.text
    assert "Pratica di Monopoli" not in dashboard.text
    assert "<strong>Comune di Bari</strong>" in dashboard.text and "<strong>Ambito di Bari</strong>" in dashboard.text
    for candidacy in mine:
        assert client.get(candidacy.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert set(Candidacy.objects.visible_to_officer(both)) == set(mine)
    # The start form lets the officer choose which of the two bodies proposes.
    start = client.get(reverse("submissions:candidacy_start"))
    assert "Comune di Bari" in start.text and "Ambito di Bari" in start.text and "Monopoli" not in start.text
    chosen = client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(Body.objects.for_ambito(ambito).pk), "kind": "poverta_educativa"})
    assert chosen.status_code == 302
    assert Candidacy.objects.filter(created_by=both).get().lead.ambito == ambito


def test_publication_gives_the_practice_its_lead_and_participants(taxonomies, bari, monopoli, reviewer):
    call = make_call()
    officer = make_user("referente.bari", comune=bari)
    candidacy = draft(call, officer)
    ambito = Body.objects.for_ambito(AmbitoFactory(name="Ambito di Bari", capofila=bari))
    CandidacyPartner.objects.create(candidacy=candidacy, body=ambito, role=role("partner"))
    CandidacyPartner.objects.create(candidacy=candidacy, body=Body.objects.for_comune(monopoli),
                                    role=role("ente-gestore"))
    foundation = Body.objects.create(kind=Body.Kind.FONDAZIONE, name="Fondazione Con il Sud")
    CandidacyOrganisation.objects.create(candidacy=candidacy, name="Fondazione con il Sud ",
                                         kind=Body.Kind.FONDAZIONE, role=role("finanziatore"))
    CandidacyOrganisation.objects.create(candidacy=candidacy, name="Cooperativa sociale Il Ponte",
                                         kind=Body.Kind.TERZO_SETTORE, role=role("ente-gestore"))
    workflow.perform(candidacy, "submit", officer)
    for name, extra in (("start_review", {}), ("admit", {"note": "Ammessa.", "communicate": True}), ("publish", {})):
        workflow.perform(candidacy, name, reviewer, **extra)

    practice = Practice.objects.get(pk=candidacy.practice_id)
    assert practice.is_published and practice.lead == candidacy.lead == Body.objects.for_comune(bari)
    cooperative = Body.objects.get(name="Cooperativa sociale Il Ponte")
    assert cooperative.kind == Body.Kind.TERZO_SETTORE
    assert [(p.body, p.role.slug) for p in practice.participants.all()] == [
        (ambito, "partner"), (Body.objects.for_comune(monopoli), "ente-gestore"),
        # The foundation already known by that name and kind is reused, not doubled.
        (foundation, "finanziatore"), (cooperative, "ente-gestore")]
    assert Body.objects.filter(kind=Body.Kind.FONDAZIONE).count() == 1


def test_a_typed_organisation_cannot_be_a_comune_or_an_ambito(client, taxonomies, officer, call):
    candidacy = draft(call, officer)
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), complete_form(
        candidacy, **{"soggetti-0-name": "Comune di Monopoli", "soggetti-0-kind": "comune"}))
    assert response.status_code == 400 and not CandidacyOrganisation.objects.exists()
    assert "Scegli un&#x27;opzione valida. comune non è tra quelle disponibili." in response.text


@pytest.mark.parametrize("value", ["comune-\x00", "ente-١٢", "ente-99999999999999999999", "comune-", "altro-1"])
def test_a_malformed_partner_is_refused_as_an_invalid_choice(client, taxonomies, officer, call, value):
    candidacy = draft(call, officer)
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), complete_form(
        candidacy, **{"partner-0-body": value}))
    assert response.status_code == 400 and "non è tra quelle disponibili" in response.text
    assert not CandidacyPartner.objects.exists()
