"""The reviewer's pages in a real browser: the candidacy list fits 1280 px, and Verifiche e
punteggi puts the card beside the scores on a wide screen and above them on a phone."""

import pytest
from django.core.management import call_command

from submissions import workflow

from .factories import comune, draft, make_call, make_user
from .test_browser_cycle import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_TITLE = ("Rete territoriale integrata per l'inclusione sociale e lavorativa delle persone con disabilità "
              "e delle loro famiglie nei comuni dell'Ambito")


def test_the_list_fits_1280_and_the_card_sits_beside_the_scores(live_server, browser, assert_accessible):
    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune("072006", "Bari"))
    reviewer = make_user("istruttore.anci", group="Istruttori ANCI")
    candidacy = draft(make_call(), officer, title=LONG_TITLE)
    workflow.perform(candidacy, "submit", officer)
    workflow.assign([candidacy], reviewer, reviewer)
    workflow.perform(candidacy, "start_review", reviewer)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, live_server.url, reviewer)
    page.goto(live_server.url + "/admin/submissions/candidacy/")
    widths = page.evaluate("""() => {
        const table = document.querySelector('#result_list');
        return [table.scrollWidth, table.closest('.results').clientWidth];
    }""")
    assert widths[0] <= widths[1], widths
    for header in ("Stato", "Istruttore", "Punteggio"):
        assert page.locator("#result_list thead").get_by_text(header, exact=True).is_visible()

    page.goto(live_server.url + f"/admin/submissions/candidacy/{candidacy.pk}/istruttoria/")
    card, form = page.locator(".review-card").bounding_box(), page.locator(".review-form").bounding_box()
    assert card["x"] + card["width"] <= form["x"] and abs(card["y"] - form["y"]) < 5
    assert_accessible(page, "verifiche e punteggi", exclude=("#header", "#nav-sidebar", "#toggle-nav-sidebar"))

    page.set_viewport_size({"width": 390, "height": 844})
    card, form = page.locator(".review-card").bounding_box(), page.locator(".review-form").bounding_box()
    assert card["y"] + card["height"] <= form["y"]
