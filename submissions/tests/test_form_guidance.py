"""The candidacy form marks what a submission requires at the stage, shows progress per section,
and confirms a save in the section the officer was working in."""

import re

import pytest
from django.urls import reverse

from .factories import draft
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db


def label_of(page, field_id):
    return re.search(rf'<label for="{field_id}"[^>]*>(.*?)</label>', page, re.S).group(1)


def test_required_fields_are_marked_for_the_stage(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    page = officer_client.get(url).text
    assert "I campi contrassegnati da" in page  # the legend, before the first section
    assert page.index("I campi contrassegnati da") < page.index('id="sezione-pratica"')
    assert "obbligatorio" in label_of(page, "id_title") and 'aria-required="true"' in re.search(
        r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert "obbligatorio" in label_of(page, "id_contact_email")
    assert "obbligatorio" not in label_of(page, "id_people_reached")
    # A project (not yet started) needs no achieved results; a finished practice does.
    candidacy.status = "progetto"
    candidacy.save()
    project = officer_client.get(url).text
    assert "obbligatorio" not in label_of(project, "id_achieved_results")
    candidacy.status = "conclusa"
    candidacy.save()
    finished = officer_client.get(url).text
    assert "obbligatorio" in label_of(finished, "id_achieved_results")
    assert 'aria-required="true"' in re.search(r'<textarea[^>]*name="achieved_results"[^>]*>', finished).group(0)


def test_the_section_menu_shows_progress(officer_client, call, officer, candidacy):
    empty = draft(call, officer, complete=False)
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[empty.uuid])).text
    assert re.search(r"0 di 7 sezioni complete", page)
    assert "mancano" in page and "(facoltativa)" in page and 'role="progressbar"' in page
    full = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    assert re.search(r"7 di 7 sezioni complete", full), re.findall(r"\d+ di \d+ sezioni", full)


def test_after_saving_the_confirmation_is_in_the_section_worked_in(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    response = officer_client.post(url, form_data(candidacy, title="Salvata qui", sezione="sezione-referente"))
    assert response.status_code == 302
    assert response["Location"] == f"{url}?salvata=sezione-referente#sezione-referente"
    page = officer_client.get(response["Location"]).text
    section = page[page.index('id="sezione-referente"'):page.index('id="sezione-dichiarazioni"')]
    assert 'id="bozza-salvata"' in section and "Bozza salvata alle" in section
    # Without the section (no JavaScript) the message is at the top, as before.
    candidacy.refresh_from_db()
    plain = officer_client.post(url, form_data(candidacy, title="Salvata senza sezione"), follow=True)
    assert "Bozza salvata alle" in plain.text and 'id="bozza-salvata"' not in plain.text
    # A section name that is not one of the form's is ignored.
    candidacy.refresh_from_db()
    odd = officer_client.post(url, form_data(candidacy, sezione="javascript:alert(1)"))
    assert odd["Location"] == url


def test_the_other_officer_forms_explain_the_mark_and_mark_their_required_fields(officer_client, candidacy):
    for url in (reverse("submissions:candidacy_start"), reverse("submissions:attachments", args=[candidacy.uuid])):
        page = officer_client.get(url).text
        assert "I campi contrassegnati da" in page and "(obbligatorio)" in page, url
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    status = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group(0)
    assert '<option value="">– Scegli –</option>' in status
