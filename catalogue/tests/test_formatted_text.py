"""Card text written in the Markdown subset, as the public sees it: formatted on the practice
page, sanitised, and plain (no marks) in list cards, search excerpts, the feed, structured data,
the downloads and the search; the API keeps the stored text and gives the sintesi plain."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from practices.models import Practice
from practices.tests.factories import PracticeFactory
from practices.tests.test_import_export import _csv, admin_import

pytestmark = pytest.mark.django_db

FORMATTED = ("Il servizio offre **ascolto gratuito** e *orientamento*:\n\n"
             "- colloqui individuali\n- gruppi di **mutuo aiuto**\n\n"
             "1. accoglienza\n2. presa in carico\n\n"
             "Informazioni sul [sito del Comune](https://www.comune.example.it/ascolto).")
HOSTILE = ("Testo <script>alert(1)</script> con [un collegamento](javascript:alert(2)) e "
           "[un altro](data:text/html,ciao) e <img src=x onerror=alert(3)>.")


@pytest.fixture
def formatted(db):
    return PracticeFactory(title="Sportello di ascolto", slug="sportello-ascolto", summary="",
                           intervention_area=FORMATTED, implementation=HOSTILE)


def test_the_practice_page_renders_bold_italics_lists_and_links(client, formatted):
    content = client.get(formatted.get_absolute_url()).text
    assert "<strong>ascolto gratuito</strong>" in content and "<em>orientamento</em>" in content
    assert re.search(r"<ul>\s*<li>colloqui individuali</li>\s*<li>gruppi di <strong>mutuo aiuto</strong></li>\s*</ul>",
                     content)
    assert re.search(r"<ol>\s*<li>accoglienza</li>\s*<li>presa in carico</li>\s*</ol>", content)
    assert ('<a href="https://www.comune.example.it/ascolto" rel="nofollow noopener">sito del Comune</a>'
            in content)
    assert "**" not in content


def test_scripts_and_dangerous_links_never_reach_the_page(client, formatted):
    content = client.get(formatted.get_absolute_url()).text
    assert "<script>alert(1)" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert 'href="javascript' not in content and 'href="data:' not in content
    assert "<img" not in content and "&lt;img src=x onerror=alert(3)&gt;" in content


def test_the_list_card_and_the_feed_show_the_text_without_marks(client, formatted):
    listing = client.get(reverse("catalogue:practice_list")).text
    assert "Il servizio offre ascolto gratuito e orientamento:" in listing
    assert "**" not in listing
    feed = client.get(reverse("catalogue:feed")).text
    assert "Il servizio offre ascolto gratuito e orientamento:" in feed and "**" not in feed


def test_search_finds_bold_words_and_the_excerpt_has_no_marks(client, formatted):
    response = client.get(reverse("catalogue:practice_list"), {"q": "mutuo aiuto"})
    assert [p.slug for p in response.context["page_obj"].object_list] == ["sportello-ascolto"]
    assert "<mark>mutuo</mark>" in response.text
    assert "**" not in response.text and "](" not in response.text


def test_structured_data_carries_plain_text(client, formatted):
    content = client.get(formatted.get_absolute_url()).text
    blocks = [json.loads(block) for block in
              re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)]
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Il servizio offre ascolto gratuito e orientamento:" in text and "**" not in text


def test_the_downloads_carry_plain_text_with_list_items_as_lines(client, formatted):
    response = client.get(reverse("catalogue:practice_list"), {"formato": "csv"})
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["ambito_intervento"] == (
        "Il servizio offre ascolto gratuito e orientamento:\n\n"
        "- colloqui individuali\n- gruppi di mutuo aiuto\n1. accoglienza\n2. presa in carico\n\n"
        "Informazioni sul sito del Comune (https://www.comune.example.it/ascolto).")
    assert "*" not in json.dumps(row)


def test_the_api_keeps_the_stored_text_and_gives_a_plain_sintesi(client, formatted):
    detail = client.get("/api/v1/pratiche/sportello-ascolto/").json()
    assert detail["ambito_intervento"] == FORMATTED  # the data as stored, Markdown included
    assert detail["sintesi"].startswith("Il servizio offre ascolto gratuito e orientamento:")
    assert "*" not in detail["sintesi"]


def test_the_admin_import_stores_line_ends_as_lf(staff_client, reference_data):
    content = _csv([("ascolto", "Sportello", "072006", "Riga uno\r\n- voce\r\n- altra voce\rFine")],
                   headers=("identificativo", "titolo", "ente_capofila", "sintesi"))
    assert admin_import(staff_client, content, "csv").status_code == 200
    assert Practice.objects.get(slug="ascolto").summary == "Riga uno\n- voce\n- altra voce\nFine"


def test_the_published_cards_render_as_before(client, publication):
    """The 21 cards of 2024 have no Markdown marks: paragraphs only, and the one card with "- "
    lines (Troia) keeps its list, as the old renderer made it."""
    for practice in Practice.objects.all():
        content = client.get(practice.get_absolute_url()).text
        for block in re.findall(r'<div class="card-text" lang="it">(.*?)</div>', content, re.S):
            assert set(re.findall(r"</?(\w+)", block)) <= {"p", "ul", "li"}, practice.slug
    troia = Practice.objects.get(slug__startswith="troia-sos-dipendenze")
    content = client.get(troia.get_absolute_url()).text
    assert re.search(r"<ul>\s*<li>Unità Mobile Giovani:", content)
