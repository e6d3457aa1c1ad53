"""What the officer types in the candidacy form: Italian numbers read as meant or refused with a
message (never saved changed), the funding line «Altra linea di finanziamento» chosen in the
dropdown, Markdown shown formatted on the candidacy's page, line ends stored as LF."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from practices.models import FundingLevel, TargetGroup

from .factories import draft
from .test_officer_area import form_data

pytestmark = pytest.mark.django_db


def save(client, candidacy, **fields):
    return client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                       form_data(candidacy, title="Con numeri", **fields))


@pytest.mark.parametrize("typed, stored", [("150.000,00 €", Decimal("150000.00")), ("75.000", Decimal("75000")),
                                           ("€ 1.234,5", Decimal("1234.50"))])
def test_the_budget_is_read_in_the_italian_format(officer_client, call, officer, typed, stored):
    candidacy = draft(call, officer, complete=False)
    assert save(officer_client, candidacy, total_budget=typed).status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.total_budget == stored


def test_a_count_accepts_the_thousands_dot(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    assert save(officer_client, candidacy, people_reached="1.200").status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.people_reached == 1200


@pytest.mark.parametrize("field, typed, message", [
    ("people_reached", "circa 100", "«circa 100» non è un numero intero: scrivere solo il numero in cifre"),
    ("people_reached", "1,5", "«1,5» non è un numero intero"),
    ("start_year", "duemilaventuno", "«duemilaventuno» non è un anno: scriverlo in cifre, ad esempio 2021."),
    ("total_budget", "circa 100", "«circa 100» non è un numero valido: scrivere ad esempio 275.338,66"),
])
def test_what_is_not_a_number_is_refused_and_shown_again(officer_client, call, officer, field, typed, message):
    candidacy = draft(call, officer, complete=False)
    response = save(officer_client, candidacy, **{field: typed})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert f'value="{typed}"' in response.text  # what was typed, to correct it
    candidacy.refresh_from_db()
    assert getattr(candidacy, field) is None and candidacy.version == 1


def test_a_funding_year_in_words_is_refused(officer_client, call, officer, taxonomies):
    candidacy = draft(call, officer, complete=False)
    response = save(officer_client, candidacy, **{
        "finanziamenti-0-other_programme": "Fondo", "finanziamenti-0-amount": "1.000",
        "finanziamenti-0-level": FundingLevel.objects.get(slug="nazionale").pk,
        "finanziamenti-0-year": "duemilaventuno"})
    assert response.status_code != 302 and "non è un anno" in response.text
    assert not candidacy.funding.exists()


def test_another_funding_line_is_chosen_in_the_dropdown(officer_client, call, officer, taxonomies):
    candidacy = draft(call, officer, complete=False)
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    select = re.search(r'<select name="finanziamenti-0-programme".*?</select>', page, re.S).group()
    assert '<option value="altra">Altra linea di finanziamento (indicarne il nome)</option>' in select

    missing = save(officer_client, candidacy, **{"finanziamenti-0-programme": "altra",
                                                 "finanziamenti-0-amount": "10.000"})
    assert missing.status_code != 302 and "Indicare il nome dell&#x27;altra linea di finanziamento." in missing.text
    assert not candidacy.funding.exists()

    response = save(officer_client, candidacy, **{
        "finanziamenti-0-programme": "altra", "finanziamenti-0-other_programme": "Fondo comunale famiglie",
        "finanziamenti-0-level": FundingLevel.objects.get(slug="locale").pk, "finanziamenti-0-amount": "10.000",
        "finanziamenti-0-year": "2024"})
    assert response.status_code == 302
    line = candidacy.funding.get()
    assert (line.programme, line.other_programme, line.amount) == (None, "Fondo comunale famiglie", 10000)
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    assert '<option value="altra" selected>' in page


def test_the_destinatari_include_adult_migrants(officer_client, call, officer):
    group = TargetGroup.objects.get(slug="migranti-paesi-terzi")
    assert group.name == "Migranti e cittadini di Paesi terzi"
    candidacy = draft(call, officer, complete=False)
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[candidacy.uuid])).text
    assert "Migranti e cittadini di Paesi terzi" in page


def test_the_candidacy_page_shows_formatted_text_and_stores_lf(officer_client, call, officer):
    candidacy = draft(call, officer, complete=False)
    typed = "Due **azioni**:\r\n- ascolto\r\n- *orientamento*\r\n\r\n[Sito](javascript:alert(1)) <script>x</script>"
    assert save(officer_client, candidacy, aims=typed).status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.aims == typed.replace("\r\n", "\n")
    page = officer_client.get(reverse("submissions:candidacy_detail", args=[candidacy.uuid])).text
    assert "<strong>azioni</strong>" in page
    assert re.search(r"<ul>\s*<li>ascolto</li>\s*<li><em>orientamento</em></li>\s*</ul>", page)
    assert 'href="javascript' not in page and "<script>x" not in page


def test_the_reviewer_sees_the_text_formatted_in_the_admin(reviewer_client, candidacy, officer):
    from submissions import workflow

    candidacy.aims = "Due **azioni**:\n- ascolto\n- [orientamento](javascript:alert(1))"
    candidacy.save()
    workflow.perform(candidacy, "submit", officer)
    page = reviewer_client.get(reverse("admin:submissions_candidacy_change", args=[candidacy.pk])).text
    assert "<strong>azioni</strong>" in page and re.search(r"<ul>\s*<li>ascolto</li>", page)
    assert 'href="javascript' not in page and "**" not in page
