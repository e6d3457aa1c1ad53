"""The error summary of the candidacy form lists every error of the page, rows included."""

import re

import pytest
from django.urls import reverse

from .factories import draft
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db


def summary_of(page):
    match = re.search(r'<div class="alert alert-danger error-summary"[^>]*id="form-errors"[^>]*>(.*?)</div>',
                      page, re.S)
    assert match, "no error summary"
    return match.group(1)


def test_errors_in_rows_are_listed_with_links_to_their_fields(officer_client, call, officer, taxonomies):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Con errori nelle righe", **{
            "finanziamenti-0-other_programme": "Fondo X", "finanziamenti-0-amount": "tanti",
            "soggetti-0-role": "", "soggetti-0-kind": "cooperativa"}))
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert "La bozza non è stata salvata" in summary
    # The amount refused and the line without its level, in the first funding row.
    assert 'href="#id_finanziamenti-0-amount"' in summary and 'href="#id_finanziamenti-0-level"' in summary
    assert "Finanziamento n. 1 – " in summary
    # The organisation row with a kind but no name.
    assert 'href="#id_soggetti-0-name"' in summary and "Organizzazione n. 1 – " in summary
    # Every link goes to an element the page has.
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in response.text, target
    candidacy.refresh_from_db()
    assert candidacy.title == ""


def test_errors_of_the_form_and_of_a_formset_are_listed_together(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Due errori", start_year="2025", end_year="2020",
        **{"partner-TOTAL_FORMS": "500"}))  # more rows than a candidacy may have
    summary = summary_of(response.text)
    assert 'href="#id_end_year"' in summary
    assert 'href="#partner-errori"' in summary and 'id="partner-errori"' in response.text


def test_a_choice_list_error_links_to_its_first_option(officer_client, call, officer, taxonomies):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                   form_data(candidacy, tipologia="999999"))
    summary = summary_of(response.text)
    assert 'href="#id_tipologia_0"' in summary and 'id="id_tipologia_0"' in response.text


def test_the_summary_takes_focus_through_the_form_script(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                   form_data(candidacy, start_year="2025", end_year="2020"))
    assert 'id="form-errors" tabindex="-1"' in response.text
    assert "js/candidacy-form.js" in response.text
