"""The candidacy form in a real browser: the error summary takes focus and leads to the field in a
row, the partner picker works from the keyboard, and the page holds at 390 px."""

import re

import pytest
from playwright.sync_api import expect

from .factories import comune, draft, make_call, make_user
from .test_browser_cycle import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def officer_draft():
    from django.core.management import call_command

    call_command("load_taxonomies", verbosity=0)
    bari = comune("072006", "Bari")
    comune("072030", "Monopoli")
    officer = make_user("referente.bari", comune=bari)
    return officer, draft(make_call("avviso-modulo"), officer, complete=False)


def test_an_error_in_a_row_is_in_the_focused_summary_and_its_link_focuses_the_field(live_server, browser,
                                                                                      officer_draft):
    officer, candidacy = officer_draft
    page = browser.new_context().new_page()
    login(page, live_server.url, officer)
    page.goto(live_server.url + f"/candidature/{candidacy.uuid}/modifica/")
    page.locator("#id_finanziamenti-0-other_programme").fill("Fondo regionale")
    page.locator("#id_finanziamenti-0-amount").fill("tanti")
    page.get_by_role("button", name="Salva la bozza").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("La bozza non è stata salvata")
    link = summary.locator("a[href='#id_finanziamenti-0-amount']")
    expect(link).to_contain_text("Finanziamento n. 1")
    link.click()
    expect(page.locator("#id_finanziamenti-0-amount")).to_be_focused()


def test_partner_picker_by_keyboard_and_the_header_at_390_px(live_server, browser, officer_draft, assert_accessible):
    officer, candidacy = officer_draft
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    login(page, live_server.url, officer)
    page.goto(live_server.url + f"/candidature/{candidacy.uuid}/modifica/")
    # "Esci" is inside the screen, not cut off.
    box = page.get_by_role("button", name="Esci").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box

    search = page.get_by_role("combobox", name=re.compile("Ente partner"))
    search.press_sequentially("Monop")
    option = page.get_by_role("option", name=re.compile("Monopoli"))
    expect(option).to_be_visible()
    assert_accessible(page, "modulo con l'elenco dei partner aperto")
    search.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    remove = page.get_by_role("button", name=re.compile("Rimuovi Monopoli"))
    expect(remove).to_be_visible()
    expect(search).to_be_focused()
    page.get_by_role("button", name="Salva la bozza").click()
    expect(page.get_by_role("button", name=re.compile("Rimuovi Monopoli"))).to_be_visible()
    assert candidacy.partners.get().body.name == "Monopoli"
