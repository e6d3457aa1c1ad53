"""An officer cannot store a control character: the form names the field and keeps the text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from submissions import workflow
from submissions.models import Candidacy

from .factories import draft
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("character", ["\x02", "\x0b", "\x1b", "\x7f"])
def test_a_control_character_in_a_section_is_refused_and_named(officer_client, call, officer, character):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                   form_data(candidacy, title="Titolo", aims=f"Finalità{character}nascoste"))
    assert response.status_code == 400
    code = f"U+{ord(character):04X}"
    assert f"Il campo «Finalità» contiene un carattere di controllo non ammesso ({code})." in response.text
    candidacy.refresh_from_db()
    assert candidacy.aims == "" and candidacy.version == 1


def test_tabs_and_line_breaks_are_still_text(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    text = "Primo paragrafo\r\n\r\n- punto\tcon tabulazione"
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                                   form_data(candidacy, title="Titolo", aims=text))
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.aims == text.replace("\r\n", "\n")  # line ends are stored as LF (issue 18)


def test_a_control_character_in_a_funding_line_is_refused(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    response = officer_client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), form_data(
        candidacy, title="Titolo", **{"finanziamenti-0-other_programme": "Fondo\x03", "finanziamenti-0-amount": "10"}))
    assert response.status_code != 302
    assert "contiene un carattere di controllo non ammesso (U+0003)" in response.text
    assert not candidacy.funding.exists()


def test_the_ranking_xlsx_survives_a_stored_control_character(reviewer_client, reviewer, officer, candidacy, call):
    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    Candidacy.objects.filter(pk=candidacy.pk).update(title="Titolo\x02 invisibile")
    export = reviewer_client.get(reverse("admin:calls_call_ranking", args=[call.pk]), {"formato": "xlsx"})
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[1][2] == "Titolo invisibile"


def test_a_reviewer_motivation_with_a_control_character_is_refused(reviewer_client, reviewer, officer, candidacy):
    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    response = reviewer_client.post(reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "reject"]),
                                    {"note": "Motivazione\x02 nascosta"})
    assert "Il campo «Motivazione dell&#x27;esito» contiene un carattere di controllo non ammesso (U+0002)." in (
        response.text)
    candidacy.refresh_from_db()
    assert candidacy.state == "in_istruttoria" and candidacy.decision_motivation == ""
