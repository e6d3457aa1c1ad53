"""The autosave address of the officer's form: draft semantics, conflicts, an ended session, who may
use it, and the plain "Salva la bozza" posted after the session ended."""

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from practices.models import FundingLevel
from submissions.models import Candidacy

from .factories import draft
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def autosave_url(candidacy):
    return reverse("submissions:candidacy_autosave", args=[candidacy.uuid])


def test_autosave_saves_the_draft_and_answers_the_new_version(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(autosave_url(candidacy), form_data(
        candidacy, title="Scritto senza premere nulla", aims="Obiettivi\n\n- uno"), **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["errors"] == {} and body["message"].startswith("Bozza salvata alle")
    candidacy.refresh_from_db()
    assert candidacy.title == "Scritto senza premere nulla" and candidacy.aims == "Obiettivi\n\n- uno"
    assert body["version"] == candidacy.version == 2


def test_a_refused_value_keeps_its_saved_value_and_comes_back_as_an_error(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    Candidacy.objects.filter(pk=candidacy.pk).update(start_year=2020)
    candidacy.refresh_from_db()
    response = officer_client.post(autosave_url(candidacy), form_data(
        candidacy, title="Titolo nuovo", start_year="duemilaventuno", contact_email="non-una-email"), **JSON)
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert set(errors) == {"start_year", "contact_email"}
    candidacy.refresh_from_db()
    # What validated is saved; what was refused is not changed, silently or otherwise.
    assert candidacy.title == "Titolo nuovo" and candidacy.start_year == 2020 and candidacy.contact_email == ""


def test_years_in_the_wrong_order_are_refused_without_breaking_the_save(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    Candidacy.objects.filter(pk=candidacy.pk).update(start_year=2020, end_year=2022)
    candidacy.refresh_from_db()
    response = officer_client.post(autosave_url(candidacy), form_data(
        candidacy, title="Anni", start_year="2020", end_year="2018"), **JSON)
    assert response.status_code == 200 and "end_year" in response.json()["errors"]
    candidacy.refresh_from_db()
    assert (candidacy.title, candidacy.start_year, candidacy.end_year) == ("Anni", 2020, 2022)


def test_new_rows_come_back_with_their_ids_so_the_next_save_updates_them(officer_client, call, officer, taxonomies):
    candidacy = draft(call, officer, complete=False)
    level = FundingLevel.objects.get(slug="regionale")
    row = {"finanziamenti-0-other_programme": "Fondo di prova", "finanziamenti-0-level": level.pk,
           "finanziamenti-0-amount": "1.000,50", "finanziamenti-0-year": "2023"}
    first = officer_client.post(autosave_url(candidacy), form_data(candidacy, **row), **JSON).json()
    funding = candidacy.funding.get()
    assert first["rows"] == {"finanziamenti-0-id": funding.pk}
    candidacy.refresh_from_db()
    again = form_data(candidacy, **{**row, "finanziamenti-0-id": funding.pk, "finanziamenti-INITIAL_FORMS": "1",
                                    "finanziamenti-0-amount": "2.000"})
    assert officer_client.post(autosave_url(candidacy), again, **JSON).status_code == 200
    assert str(candidacy.funding.get().amount) == "2000.00"


def test_a_row_with_an_error_leaves_its_list_as_it_was(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(autosave_url(candidacy), form_data(
        candidacy, title="Con una riga sbagliata", **{"finanziamenti-0-amount": "circa 100"}), **JSON)
    assert response.status_code == 200
    assert "finanziamenti-0-amount" in response.json()["errors"]
    candidacy.refresh_from_db()
    assert candidacy.title == "Con una riga sbagliata" and not candidacy.funding.exists()


def test_a_conflict_is_reported_and_overwrites_nothing(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    other_tab = form_data(candidacy, title="Scritto nell'altra scheda")
    this_tab = form_data(candidacy, title="Scritto in questa scheda")
    assert officer_client.post(autosave_url(candidacy), other_tab, **JSON).status_code == 200
    response = officer_client.post(autosave_url(candidacy), this_tab, **JSON)
    assert response.status_code == 409 and response.json()["error"] == "conflict"
    assert "un'altra scheda" in response.json()["message"]
    candidacy.refresh_from_db()
    assert candidacy.title == "Scritto nell'altra scheda"


def test_an_ended_session_gets_json_not_the_login_page(client, candidacy):
    response = client.post(autosave_url(candidacy), form_data(candidacy, title="Perso?"), **JSON)
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "session_expired"
    candidacy.refresh_from_db()
    assert candidacy.title != "Perso?"


@override_settings(SESSION_IDLE_MINUTES=60)
def test_an_idle_session_gets_json_too(officer_client, candidacy):
    session = officer_client.session
    session["last_activity"] = 1  # long ago
    session.save()
    response = officer_client.post(autosave_url(candidacy), form_data(candidacy, title="Dopo la pausa"), **JSON)
    assert response.status_code == 401 and response.json()["error"] == "session_expired"


def test_the_autosave_of_another_bodys_candidacy_is_404_and_saves_nothing(client, candidacy, other_officer):
    client.force_login(other_officer)
    response = client.post(autosave_url(candidacy), form_data(candidacy, title="Intruso"), **JSON)
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    candidacy.refresh_from_db()
    assert candidacy.title != "Intruso"


def test_a_user_who_is_not_an_officer_gets_403(client, candidacy, reviewer):
    client.force_login(reviewer)
    response = client.post(autosave_url(candidacy), form_data(candidacy, title="Istruttore"), **JSON)
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_a_submitted_candidacy_is_not_autosaved(officer_client, candidacy, officer):
    from submissions import workflow

    workflow.perform(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    response = officer_client.post(autosave_url(candidacy), form_data(candidacy, title="Dopo l'invio"), **JSON)
    assert response.status_code == 409 and response.json()["error"] == "not_editable"


def test_autosave_needs_the_csrf_token(client, candidacy, officer):
    client.handler.enforce_csrf_checks = True
    client.force_login(officer)
    response = client.post(autosave_url(candidacy), form_data(candidacy, title="Senza token"), **JSON)
    assert response.status_code == 403
    candidacy.refresh_from_db()
    assert candidacy.title != "Senza token"


@override_settings(RATE_LIMITS={"autosave": (2, 60)})
def test_autosave_is_rate_limited_per_account(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    for _attempt in range(2):
        candidacy.refresh_from_db()
        assert officer_client.post(autosave_url(candidacy), form_data(candidacy), **JSON).status_code == 200
    candidacy.refresh_from_db()
    response = officer_client.post(autosave_url(candidacy), form_data(candidacy), **JSON)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_form_page_carries_the_autosave_address_and_status(officer_client, candidacy):
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid]))
    assert f'data-autosave-url="{autosave_url(candidacy)}"' in page.text
    assert 'id="autosave-status"' in page.text and "js/autosave" in page.text
    assert "data-autosave-messages=" in page.text and "Salvataggio…" in page.text


def test_save_after_the_session_ended_says_why_and_returns_to_the_form(client, candidacy):
    edit = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    response = client.post(edit, form_data(candidacy, title="Scritto prima della scadenza", bozza_nel_browser="1"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "ripristina" in response["Location"] and "modifica" in response["Location"]
    text = [str(message) for message in get_messages(response.wsgi_request)]
    assert text == ["La sessione è scaduta: accedi di nuovo; il testo non salvato è conservato in questo browser."]
    login_page = client.get(response["Location"])
    assert "il testo non salvato è conservato in questo browser" in login_page.text


def test_save_after_the_session_ended_without_the_script_does_not_claim_the_text_is_kept(client, candidacy):
    edit = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    response = client.post(edit, form_data(candidacy, title="Senza JavaScript"))
    login_page = client.get(response["Location"])
    assert "le modifiche non sono state salvate" in login_page.text
    assert "conservato in questo browser" not in login_page.text


def test_signing_out_empties_what_the_site_kept_in_the_browser(officer_client):
    response = officer_client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"storage"'
