"""The practice page and its cards for a reader (issue 18): "In sintesi" before the text, the
last update, printing, the page-rating block, the English notice, the facts on result cards."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from practices.models import Practice
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
ITALIAN_ONLY = "Questa pratica è disponibile solo in italiano."


@pytest.fixture
def practice(publication):
    return Practice.objects.published().filter(lead__kind="comune").order_by("title").first()


def test_in_sintesi_comes_before_the_text_and_the_rest_after(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()
    facts, first_section = page.index('id="facts-title"'), page.index('class="card-section')
    assert page.index('id="practice-title"') < facts < first_section
    assert first_section < page.index('class="practice-more"')


def test_the_last_update_and_the_print_button(client, practice):
    Practice.objects.filter(pk=practice.pk).update(updated_at="2026-03-05T10:00:00Z")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert re.search(r'Ultimo aggiornamento: <time datetime="2026-03-05T[^"]+">5 marzo 2026</time>', page, re.I)
    assert re.search(r"<button[^>]*data-print-page hidden>", page) and "Stampa o salva in PDF" in page
    assert "js/practice-page.js" in page


def test_no_euro_sign_without_an_amount(client, practice):
    Practice.objects.filter(pk=practice.pk).update(total_budget=None)
    page = client.get(practice.get_absolute_url()).content.decode()
    facts = page.split('id="facts-title"')[1].split("</aside>")[0]
    assert "€" not in facts and "Budget complessivo" not in facts


def test_the_rating_block_is_on_the_page_even_when_the_card_comes_from_the_cache(client, practice,
                                                                                   catalogue_cache_on):
    for _ in range(2):
        page = client.get(practice.get_absolute_url()).content.decode()
        block = page.split('class="page-rating')[1].split("</section>")[0]
        assert "Quanto sono chiare le informazioni su questa pagina?" in block
        assert f'name="page" value="{practice.get_absolute_url()}"' in block
        assert len(re.findall(r'type="radio" id="rating-star-\d" name="rating"', block)) == 5
        assert 'name="csrfmiddlewaretoken"' in block


def test_english_readers_are_told_the_practice_is_in_italian_only(client, practice):
    assert 'id="italian-only"' not in client.get(practice.get_absolute_url()).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(practice.get_absolute_url()).content.decode()
    with translation.override("en"):
        notice = gettext(ITALIAN_ONLY)
    notice_block = page.split('id="italian-only"')[1].split("</div>")[0]
    assert notice in notice_block
    # Before the card's text.
    assert page.index('id="italian-only"') < page.index('id="practice-title"')


def test_result_cards_show_year_stage_and_people_reached_when_known(client, publication):
    known = Practice.objects.published().order_by("title").first()
    Practice.objects.filter(pk=known.pk).update(start_year=2021, end_year=2023, status="in_corso",
                                                people_reached=120)
    page = client.get("/pratiche/", {"ordina": "titolo"}).content.decode()
    card = page.split(known.get_absolute_url())[1].split("</article>")[0]
    facts = re.sub(r"<[^>]+>", "", card.split('class="small mb-2 card-facts">')[1].split("</p>")[0])
    assert "2021–2023" in facts and "In corso" in facts and "120 persone raggiunte" in facts
    Practice.objects.filter(pk=known.pk).update(start_year=None, end_year=None, status="", people_reached=None)
    page = client.get("/pratiche/", {"ordina": "titolo"}).content.decode()
    card = page.split(known.get_absolute_url())[1].split("</article>")[0]
    assert "card-facts" not in card
