"""The officer's area through HTTP: drafts, validation, conflicts, submission, receipt, boundaries."""

import pytest
from django.core import mail
from django.urls import reverse

from practices.models import PolicyArea, TargetGroup, Tipologia
from submissions.models import Candidacy
from submissions.states import State

from .factories import PASSWORD, draft, make_user, pdf_upload

pytestmark = pytest.mark.django_db


def form_data(candidacy, **overrides):
    """What the browser posts from the candidacy form, as the page renders it now."""
    data = {
        "version": candidacy.version,
        "title": candidacy.title,
        "finanziamenti-TOTAL_FORMS": "1", "finanziamenti-INITIAL_FORMS": "0",
        "finanziamenti-MIN_NUM_FORMS": "0", "finanziamenti-MAX_NUM_FORMS": "30",
        "partner-TOTAL_FORMS": "1", "partner-INITIAL_FORMS": "0",
        "partner-MIN_NUM_FORMS": "0", "partner-MAX_NUM_FORMS": "100",
        "soggetti-TOTAL_FORMS": "1", "soggetti-INITIAL_FORMS": "0",
        "soggetti-MIN_NUM_FORMS": "0", "soggetti-MAX_NUM_FORMS": "50",
    }
    data.update(overrides)
    return data


def test_login_page_is_italian_and_leads_to_the_officer_area(client, officer):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "Nome utente" in page.text and 'lang="it"' in page.text
    response = client.post(reverse("login"), {"username": "referente.bari", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("submissions:dashboard")
    client.logout()
    wrong = client.post(reverse("login"), {"username": "referente.bari", "password": "sbagliata"})
    assert wrong.status_code == 200 and "nome utente e password corretti" in wrong.text


def test_the_area_requires_login_and_a_body(client, reviewer):
    response = client.get(reverse("submissions:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(reviewer)
    assert client.get(reverse("submissions:dashboard")).status_code == 403


def test_dashboard_lists_own_candidacies_and_open_calls(officer_client, candidacy, call, other_officer):
    draft(call, other_officer, title="Pratica di Monopoli")
    page = officer_client.get(reverse("submissions:dashboard"))
    assert page.status_code == 200
    assert candidacy.title in page.text and "Pratica di Monopoli" not in page.text
    assert call.title in page.text and "Nuova candidatura" in page.text


def test_starting_a_candidacy_creates_a_draft_for_the_chosen_body(officer_client, officer, call, bari):
    response = officer_client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(officer.body_memberships.get().body_id), "kind": "ordinaria"})
    candidacy = Candidacy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "submissions:candidacy_edit", args=[candidacy.uuid])
    assert candidacy.lead.comune == bari and candidacy.state == State.DRAFT
    assert candidacy.contact_email == officer.email


def test_an_officer_cannot_start_a_candidacy_for_a_body_not_theirs(officer_client, call, other_officer):
    response = officer_client.post(reverse("submissions:candidacy_start"), {
        "call": call.pk, "body": str(other_officer.body_memberships.get().body_id), "kind": "ordinaria"})
    assert response.status_code == 400 and not Candidacy.objects.exists()


def test_a_draft_saves_with_incomplete_data_and_lists_what_is_missing(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                   form_data(candidacy, title="Solo il titolo, per ora", aims="Le finalità."))
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.title == "Solo il titolo, per ora" and candidacy.aims == "Le finalità."
    assert candidacy.version == 2
    summary = officer_client.get(candidacy.get_absolute_url())
    assert "Mancano ancora" in summary.text
    assert "Destinatari" in summary.text and "Relazione descrittiva" in summary.text
    assert "Finalità»" not in summary.text


def test_a_validation_error_keeps_everything_typed(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    long_text = "Un testo lungo che il referente non vuole perdere: " + "parole " * 200
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Titolo scritto", implementation=long_text, start_year="2025", end_year="2020",
        contact_email="non-una-email"))
    assert response.status_code == 400
    assert "Titolo scritto" in response.text and long_text.strip()[:200] in response.text
    assert "L&#x27;anno di conclusione non può precedere" in response.text
    assert "indirizzo email valido" in response.text
    assert 'aria-invalid="true"' in response.text
    candidacy.refresh_from_db()
    assert candidacy.title == "" and candidacy.version == 1


def test_two_tabs_do_not_overwrite_each_other(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    first_tab = form_data(candidacy, title="Scritto nella prima scheda")
    second_tab = form_data(candidacy, title="Scritto nella seconda scheda")
    assert officer_client.post(url, first_tab).status_code == 302
    conflict = officer_client.post(url, second_tab)
    assert conflict.status_code == 409
    assert "non sono state salvate" in conflict.text and "Scritto nella seconda scheda" in conflict.text
    candidacy.refresh_from_db()
    assert candidacy.title == "Scritto nella prima scheda"


def test_the_form_saves_classification_funding_and_organisations(officer_client, call, officer, taxonomies):
    from practices.models import FundingLevel

    candidacy = draft(call, officer, complete=False)
    area, group, tipologia = PolicyArea.objects.first(), TargetGroup.objects.first(), Tipologia.objects.first()
    level = FundingLevel.objects.get(slug="regionale")
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Con righe", tipologia=tipologia.pk, areas=[area.pk], target_groups=[group.pk],
        **{"finanziamenti-0-other_programme": "Fondo regionale di prova", "finanziamenti-0-level": level.pk,
           "finanziamenti-0-amount": "12500.50", "finanziamenti-0-year": "2023",
           "soggetti-0-name": "Cooperativa sociale Esempio"}))
    assert response.status_code == 302
    candidacy.refresh_from_db()
    (funding,) = candidacy.funding.all()
    assert str(funding.amount) == "12500.50" and funding.other_programme == "Fondo regionale di prova"
    assert candidacy.organisations.get().name == "Cooperativa sociale Esempio"
    assert list(candidacy.areas.all()) == [area] and candidacy.tipologia == tipologia


def test_a_funding_amount_is_typed_in_the_italian_format(officer_client, call, officer, taxonomies):
    from practices.models import FundingLevel

    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Importo italiano", **{
            "finanziamenti-0-other_programme": "Fondo Povertà", "finanziamenti-0-amount": "275.338,66",
            "finanziamenti-0-level": FundingLevel.objects.get(slug="nazionale").pk,
            "finanziamenti-0-year": "2023"}))
    assert response.status_code == 302
    assert str(candidacy.funding.get().amount) == "275338.66"
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    assert 'value="275.338,66"' in page


def test_a_funding_line_outside_the_list_needs_its_level(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Righe incomplete", **{"finanziamenti-0-other_programme": "Fondo X",
                                                "finanziamenti-0-amount": "100"}))
    assert response.status_code == 400
    assert "Indicare il livello" in response.text and "Righe incomplete" in response.text
    assert not candidacy.funding.exists()


def test_submit_shows_the_receipt_emails_it_and_locks_the_candidacy(officer_client, candidacy, reviewer):
    mail.outbox.clear()
    with_callbacks = officer_client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]))
    candidacy.refresh_from_db()
    assert with_callbacks.status_code == 302
    assert with_callbacks["Location"] == reverse("submissions:receipt", args=[candidacy.uuid])
    receipt = officer_client.get(with_callbacks["Location"])
    assert candidacy.protocol_number in receipt.text and "Ricevuta di presentazione" in receipt.text
    edit = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid]))
    assert edit.status_code == 302
    posted = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                 form_data(candidacy, title="Cambiato dopo la presentazione"))
    candidacy.refresh_from_db()
    assert posted.status_code == 302 and candidacy.title != "Cambiato dopo la presentazione"
    upload = officer_client.post(reverse("submissions:attachments", args=[candidacy.uuid]), {
        "kind": candidacy.attachments.first().kind_id, "title": "Tardivo", "file": pdf_upload()})
    assert upload.status_code == 404 and candidacy.attachments.count() == 1


def test_receipt_email_is_sent_on_commit(client, candidacy, officer, reviewer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]))
    candidacy.refresh_from_db()
    subjects = [m.subject for m in mail.outbox]
    assert any(candidacy.protocol_number in s for s in subjects) and len(subjects) == 2


def test_submitting_an_incomplete_candidacy_explains_and_keeps_the_draft(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]), follow=True)
    assert "non è completa" in response.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.DRAFT


def test_the_officer_sees_the_public_history_only(officer_client, candidacy, officer, reviewer):
    from submissions import workflow

    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    workflow.assign([candidacy], reviewer, make_user("coordinatore", group="Istruttori ANCI"))
    page = officer_client.get(candidacy.get_absolute_url())
    assert "Candidatura presentata" in page.text and "Assegnata a" not in page.text


def test_withdrawal_asks_for_confirmation(officer_client, candidacy):
    page = officer_client.get(reverse("submissions:candidacy_withdraw_confirm", args=[candidacy.uuid]))
    assert page.status_code == 200 and "Ritira la candidatura" in page.text
    officer_client.post(reverse("submissions:candidacy_withdraw", args=[candidacy.uuid]), {"note": "Errore"})
    candidacy.refresh_from_db()
    assert candidacy.state == State.WITHDRAWN


def candidacy_urls(candidacy):
    attachment = candidacy.attachments.first()
    return [
        ("get", reverse("submissions:candidacy_detail", args=[candidacy.uuid])),
        ("get", reverse("submissions:candidacy_edit", args=[candidacy.uuid])),
        ("post", reverse("submissions:candidacy_edit", args=[candidacy.uuid])),
        ("get", reverse("submissions:attachments", args=[candidacy.uuid])),
        ("post", reverse("submissions:attachments", args=[candidacy.uuid])),
        ("get", reverse("submissions:attachment", args=[candidacy.uuid, attachment.pk])),
        ("post", reverse("submissions:attachment_delete", args=[candidacy.uuid, attachment.pk])),
        ("post", reverse("submissions:candidacy_submit", args=[candidacy.uuid])),
        ("post", reverse("submissions:candidacy_resubmit", args=[candidacy.uuid])),
        ("get", reverse("submissions:candidacy_withdraw_confirm", args=[candidacy.uuid])),
        ("post", reverse("submissions:candidacy_withdraw", args=[candidacy.uuid])),
        ("get", reverse("submissions:receipt", args=[candidacy.uuid])),
    ]


def test_an_officer_of_another_body_gets_404_on_every_url_of_a_candidacy(client, candidacy, officer, other_officer):
    from submissions import workflow

    workflow.perform(candidacy, "submit", officer)
    client.force_login(other_officer)
    for method, url in candidacy_urls(candidacy):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    candidacy.refresh_from_db()
    assert candidacy.state == State.SUBMITTED and candidacy.attachments.count() == 1


def test_anonymous_visitors_are_sent_to_login_on_every_url(client, candidacy):
    for method, url in candidacy_urls(candidacy):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_officers_of_an_ambito_act_for_the_ambito(client, call, taxonomies):
    from practices.tests.factories import AmbitoFactory

    ambito = AmbitoFactory(name="Ambito di Conversano", slug="ambito-di-conversano")
    officer = make_user("referente.conversano", ambito=ambito)
    candidacy = draft(call, officer)
    client.force_login(officer)
    assert client.get(candidacy.get_absolute_url()).status_code == 200
    assert "Ambito di Conversano" in client.get(reverse("submissions:dashboard")).text
