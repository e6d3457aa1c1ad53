"""The short form of a practice (sintesi) and its stage with exact dates, as the public sees them:
list cards, search, the feed, the API, the practice page; entered through the admin import."""

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from practices.models import Practice
from practices.search_document import WEIGHTED_FIELDS, trigger_expression
from practices.tests.factories import PracticeFactory
from practices.tests.test_import_export import _csv, admin_import

pytestmark = pytest.mark.django_db

SHORT_FORM = ("Il Comune ha aperto un emporio solidale con i commercianti del quartiere: "
              "spesa gratuita per le famiglie in difficoltà, orientamento ai servizi e volontariato.")
EMPTY_CARD = {name: "" for name in ("intervention_area", "recipients", "aims", "implementation",
                                    "achieved_results", "stakeholders", "improvements")}


@pytest.fixture
def short_form(db):
    """A practice known only by a title and a paragraph, as in another body's collection."""
    return PracticeFactory(title="Emporio solidale di quartiere", slug="emporio-solidale", summary=SHORT_FORM,
                           **EMPTY_CARD)


@pytest.fixture
def without_summary(db):
    return PracticeFactory(title="Sportello per le famiglie", slug="sportello-famiglie", intervention_area="",
                           recipients="Famiglie con figli minori residenti nei quartieri periferici. " * 12)


def test_a_short_form_practice_shows_its_summary_on_the_list_card(client, short_form):
    page = client.get(reverse("catalogue:practice_list")).text
    assert SHORT_FORM in page


def test_without_a_summary_the_card_shows_the_first_section_shortened_at_a_word(client, without_summary):
    page = client.get(reverse("catalogue:practice_list")).text
    excerpt = without_summary.display_summary
    assert excerpt.endswith("…") and len(excerpt) <= 301
    assert excerpt[:-1] == without_summary.recipients[:len(excerpt) - 1]  # verbatim up to a whole word
    assert without_summary.recipients[len(excerpt) - 1] == " "
    assert excerpt in page


def test_the_feed_carries_the_summary_or_the_first_section(client, short_form, without_summary):
    feed = client.get(reverse("catalogue:feed")).text
    assert SHORT_FORM in feed
    assert without_summary.display_summary in feed


def test_the_api_gives_sintesi_stato_and_exact_dates(client, short_form, without_summary):
    short_form.status, short_form.started_on, short_form.ended_on = "conclusa", date(2021, 3, 15), date(2023, 6, 30)
    short_form.save()
    listed = {p["identificativo"]: p for p in client.get("/api/v1/pratiche/").json()["risultati"]}
    assert listed["emporio-solidale"]["sintesi"] == SHORT_FORM
    assert listed["sportello-famiglie"]["sintesi"] == without_summary.display_summary
    detail = client.get("/api/v1/pratiche/emporio-solidale/").json()
    assert detail["sintesi"] == SHORT_FORM and detail["stato"] == "conclusa"
    assert (detail["data_avvio"], detail["data_conclusione"]) == ("2021-03-15", "2023-06-30")
    # The dates fill the years, so the two never disagree.
    assert (detail["anno_avvio"], detail["anno_conclusione"]) == (2021, 2023)


def test_the_practice_page_shows_the_summary_and_the_dates(client, short_form):
    short_form.started_on = date(2024, 9, 2)
    short_form.status = Practice.Status.PROJECT
    short_form.save()
    page = client.get(short_form.get_absolute_url()).text
    assert SHORT_FORM in page
    assert '<time datetime="2024-09-02">2 Settembre 2024</time>' in page
    assert "Progetto (non ancora avviato)" in page


def test_search_finds_a_word_only_in_the_summary(client, short_form, without_summary):
    response = client.get(reverse("catalogue:practice_list"), {"q": "emporio"})
    assert [p.slug for p in response.context["page_obj"].object_list] == ["emporio-solidale"]
    assert "emporio" in response.text.lower()
    response = client.get(reverse("catalogue:practice_list"), {"q": "commercianti"})
    assert [p.slug for p in response.context["page_obj"].object_list] == ["emporio-solidale"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL search trigger")
def test_the_search_trigger_computes_the_declared_weights():
    """A change of WEIGHTED_FIELDS needs a migration that rebuilds the trigger with it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('practices_practice_search_document'::regproc)")
        (definition,) = cursor.fetchone()
    assert trigger_expression("NEW", WEIGHTED_FIELDS, compounds=True) in definition


def test_the_stage_facet_offers_projects(client, short_form, without_summary):
    short_form.status = Practice.Status.PROJECT
    short_form.save()
    response = client.get(reverse("catalogue:practice_list"), {"stato": "progetto"})
    assert [p.slug for p in response.context["page_obj"].object_list] == ["emporio-solidale"]
    assert "Progetto (non ancora avviato)" in response.text
    api = client.get("/api/v1/pratiche/", {"stato": "progetto"}).json()
    assert [p["identificativo"] for p in api["risultati"]] == ["emporio-solidale"]


def test_dates_out_of_order_are_refused_by_the_database(short_form):
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=short_form.pk).update(started_on=date(2023, 5, 1), ended_on=date(2022, 5, 1))


def test_short_form_practices_come_in_through_the_admin_import(client, staff_client, reference_data):
    content = _csv(
        [("emporio", "Emporio solidale", "072006", SHORT_FORM, "progetto", "2025-02-01", ""),
         ("sportello", "Sportello", "072011", "", "conclusa", "2020-01-15", "2022-12-31")],
        headers=("identificativo", "titolo", "ente_capofila", "sintesi", "stato", "data_avvio",
                 "data_conclusione"),
    )
    response = admin_import(staff_client, content, "csv")
    assert response.status_code == 200
    emporio, sportello = Practice.objects.get(slug="emporio"), Practice.objects.get(slug="sportello")
    assert emporio.summary == SHORT_FORM and emporio.status == "progetto" and emporio.start_year == 2025
    assert (sportello.start_year, sportello.end_year, sportello.ended_on) == (2020, 2022, date(2022, 12, 31))


def test_an_import_whose_date_and_year_disagree_is_refused_in_italian(staff_client, reference_data):
    content = _csv([("emporio", "Emporio solidale", "072006", "2021", "2020-03-01")],
                   headers=("identificativo", "titolo", "ente_capofila", "anno_avvio", "data_avvio"))
    response = admin_import(staff_client, content, "csv")
    assert response.context["result"].has_validation_errors()
    assert "La data deve cadere nell&#x27;anno indicato (2021)" in response.text
    assert not Practice.objects.exists()


def test_the_download_has_the_summary_as_typed_and_the_dates(client, short_form, without_summary):
    short_form.started_on = date(2022, 4, 1)
    short_form.save()
    response = client.get(reverse("catalogue:practice_list"), {"formato": "csv"})
    rows = {row["identificativo"]: row for row in csv.DictReader(io.StringIO(
        b"".join(response.streaming_content).decode()))}
    assert rows["emporio-solidale"]["sintesi"] == SHORT_FORM
    assert (rows["emporio-solidale"]["data_avvio"], rows["emporio-solidale"]["anno_avvio"]) == ("2022-04-01", "2022")
    assert rows["sportello-famiglie"]["sintesi"] == ""  # verbatim: nothing typed, nothing derived
