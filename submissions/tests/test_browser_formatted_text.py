"""Formatted text and Italian numbers in a real browser: what the officer types with bold and
lists shows formatted on the candidacy's page and on the public practice page, and an amount
typed the Italian way is saved as meant (the browser no longer drops it as a number box did)."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from practices.tests.factories import PracticeFactory
from submissions.models import Candidacy

from .factories import comune, draft, make_call, make_user
from .test_browser_cycle import login, section_field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TYPED = "Lo sportello offre **ascolto gratuito**:\n- colloqui individuali\n- gruppi di *mutuo aiuto*"


def test_bold_and_lists_on_the_officers_page_and_the_public_page(live_server, browser, assert_accessible):
    call_command("load_taxonomies", verbosity=0)
    bari = comune("072006", "Bari")
    officer = make_user("referente.bari", comune=bari)
    candidacy = draft(make_call("avviso-formattato"), officer, complete=False)

    page = browser.new_context().new_page()
    login(page, live_server.url, officer)
    page.goto(live_server.url + f"/candidature/{candidacy.uuid}/modifica/")
    page.get_by_label("Titolo della pratica").fill("Sportello di ascolto")
    section_field(page, "Finalità").fill(TYPED)
    page.get_by_label("Budget complessivo (€)").fill("150.000,00 €")
    page.get_by_role("button", name="Salva e vai al riepilogo").click()
    page.wait_for_url(re.compile(f"/candidature/{candidacy.uuid}/$"))

    card = page.locator("#h-card").locator("..")
    expect(card.locator("strong", has_text="ascolto gratuito")).to_be_visible()
    expect(card.locator("ul > li")).to_have_text(["colloqui individuali", "gruppi di mutuo aiuto"])
    expect(card.locator("li em", has_text="mutuo aiuto")).to_be_visible()
    expect(card).not_to_contain_text("**")
    candidacy.refresh_from_db()
    assert candidacy.total_budget == Decimal("150000.00")

    practice = PracticeFactory(title="Sportello di ascolto", slug="sportello-di-ascolto", aims=TYPED)
    public = browser.new_page()
    public.goto(live_server.url + practice.get_absolute_url())
    text = public.locator("main .card-text").filter(has_text="Lo sportello offre")
    expect(text.locator("strong")).to_have_text("ascolto gratuito")
    expect(text.locator("ul > li")).to_have_text(["colloqui individuali", "gruppi di mutuo aiuto"])
    expect(text).not_to_contain_text("**")
    assert_accessible(public, "pagina della pratica con testo formattato")
