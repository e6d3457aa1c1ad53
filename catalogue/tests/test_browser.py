"""The public catalogue in a real browser: accessibility (axe-core, WCAG 2.1 AA) at desktop and
mobile widths, and what a visitor does — search, filter, remove a filter, go back, print."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from funding.models import Programme
from practices.models import Ambito, Body, Practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue():
    call_command("load_comuni", verbosity=0)
    call_command("load_taxonomies", verbosity=0)
    call_command("load_publication", verbosity=0)
    practice = Practice.objects.published().select_related("lead__comune__province").filter(
        lead__kind="comune").first()
    return {
        "practice": practice.get_absolute_url(),
        "comune": practice.lead.comune.get_absolute_url(),
        "ambito": Ambito.objects.filter(body__led_practices__isnull=False).first().get_absolute_url(),
        "province": practice.lead.comune.province.get_absolute_url(),
        "body": Body.objects.exclude(kind__in=["comune", "ambito"]).filter(
            participations__practice__is_published=True).first(),
        "programme": Programme.objects.first(),
    }


def page_urls(catalogue):
    """Every kind of public page (issue 18: all of them, at both widths)."""
    optional = [item.get_absolute_url() for item in (catalogue["body"], catalogue["programme"]) if item]
    return ["/", "/pratiche/", "/pratiche/?q=anziani&provincia=BA&ordina=titolo", catalogue["practice"],
            catalogue["ambito"], catalogue["comune"], catalogue["province"], "/ambiti/", "/enti/", "/programmi/",
            *optional, "/statistiche/", "/chi-siamo/", "/privacy/", "/accessibilita/", "/note-legali/", "/accesso/",
            "/pagina-che-non-esiste/", "/opendata/", "/api/v1/docs/"]


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_every_public_page_passes_axe(live_server, browser, catalogue, assert_accessible, viewport):
    page = browser.new_page(viewport=viewport, locale="it-IT")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for url in page_urls(catalogue):
        page.goto(live_server.url + url)
        assert_accessible(page, f"{url} ({viewport['width']} px)")
    # The strict CSP holds without breaking the pages: no violation reported by the browser.
    assert not [e for e in errors if "Content Security Policy" in e and "style" not in e], errors


def test_english_pages_pass_axe(live_server, browser, catalogue, assert_accessible):
    """In English the interface is translated and the Italian card data are marked lang="it"."""
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    for url in ("/", "/pratiche/?provincia=BA", catalogue["practice"], catalogue["ambito"], "/statistiche/",
                "/opendata/"):
        page.goto(live_server.url + url)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page, f"{url} (en)")
    context.close()


def test_api_documentation_is_the_sites_own_page(live_server, browser, catalogue, assert_accessible):
    """Rendered on the server from the schema (api/docs.py): no third-party viewer left to exclude."""
    for viewport in (DESKTOP, MOBILE):
        page = browser.new_page(viewport=viewport, locale="it-IT")
        page.goto(live_server.url + "/api/v1/docs/")
        expect(page.locator("#pratiche_list")).to_contain_text("/api/v1/pratiche/")
        assert_accessible(page, f"/api/v1/docs/ ({viewport['width']} px)")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.close()


def test_the_catalogue_on_a_phone(live_server, browser, catalogue):
    """Results first; the filters in a panel opened by "Filtri (n)", applied from its sticky button
    to a clean URL, with focus on the count; nothing wider than the screen."""
    page = browser.new_page(viewport=MOBILE, locale="it-IT")
    page.goto(live_server.url + "/pratiche/?provincia=BA")
    first = page.locator("main article").first.bounding_box()
    assert first["y"] < 2 * MOBILE["height"], first
    toggle = page.get_by_role("button", name="Filtri (1)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#facet-provincia")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.locator("#facet-stato label").first.click()
    apply = page.get_by_role("button", name="Applica i filtri")
    expect(apply).to_be_in_viewport()
    # "Ordina per" never lies under the apply button, wherever the reader has scrolled.
    for target in (apply, page.get_by_label("Ordina per")):
        target.scroll_into_view_if_needed()
        button, sort = apply.bounding_box(), page.locator(".sort-control").bounding_box()
        assert button["y"] + button["height"] <= sort["y"] or sort["y"] + sort["height"] <= button["y"], (button, sort)
    apply.click()
    page.wait_for_url(re.compile(r"stato="))
    query = page.url.split("?", 1)[1]
    assert "q=" not in query and "poverta_educativa=" not in query and query.count("ordina=") <= 1, query
    expect(page.locator("#result-count")).to_be_focused()
    expect(page.get_by_role("button", name="Filtri (2)")).to_be_visible()
    # Long chips wrap: the page never scrolls sideways, and sorting sits clear of the apply button.
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    for chip in page.locator(".active-filters .chip").all():
        box = chip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]
    page.close()
    desktop = browser.new_page(viewport=DESKTOP, locale="it-IT")
    desktop.goto(live_server.url + "/pratiche/")
    # The side column stays on desktop, with no panel button.
    expect(desktop.locator("#facet-provincia")).to_be_visible()
    expect(desktop.get_by_role("button", name="Filtri", exact=True)).to_be_hidden()
    desktop.close()


def test_in_sintesi_comes_first_on_a_phone_and_beside_the_text_on_desktop(live_server, browser, catalogue):
    page = browser.new_page(viewport=MOBILE, locale="it-IT")
    page.goto(live_server.url + catalogue["practice"])
    facts = page.locator(".practice-facts").bounding_box()
    text = page.locator(".card-section").first.bounding_box()
    assert facts["y"] < text["y"]
    expect(page.get_by_role("button", name="Stampa o salva in PDF")).to_be_visible()
    page.close()
    desktop = browser.new_page(viewport=DESKTOP, locale="it-IT")
    desktop.goto(live_server.url + catalogue["practice"])
    facts = desktop.locator(".practice-facts").bounding_box()
    text = desktop.locator(".card-section").first.bounding_box()
    assert facts["x"] > text["x"] + text["width"] - 1
    desktop.close()


def test_a_reader_rates_a_practice_page(live_server, page, catalogue):
    from feedback.models import PageRating

    page.goto(live_server.url + catalogue["practice"])
    page.locator("label[for=rating-star-2]").click()
    page.get_by_role("button", name="Invia la valutazione").click()
    expect(page.get_by_text("Dove hai incontrato le maggiori difficoltà?")).to_be_visible()
    page.locator("label", has_text="A volte le indicazioni non erano complete").click()
    page.get_by_role("button", name="Invia", exact=True).click()
    expect(page.get_by_text("il tuo parere ci aiuterà a migliorare il servizio")).to_be_visible()
    rating = PageRating.objects.get()
    assert (rating.page, rating.rating, rating.aspect) == (catalogue["practice"], 2, "incomplete")


def test_search_from_the_home_page(live_server, page, catalogue):
    page.goto(live_server.url + "/")
    page.get_by_label("Cerca una pratica").fill("azzardo")
    page.get_by_label("Cerca una pratica").press("Enter")
    page.wait_for_url(re.compile(r"/pratiche/\?q=azzardo"))
    first = page.locator("main article h2, main article h3").first
    expect(first).to_contain_text(re.compile("azzardo", re.I))
    expect(page.locator("main article").first).to_contain_text("Ruvo di Puglia")


def test_filters_chips_and_the_back_button(live_server, page, catalogue):
    page.goto(live_server.url + "/pratiche/")
    total = page.locator("main article").count()
    page.locator("#facet-provincia label").first.click()
    page.get_by_role("button", name="Applica i filtri").click()
    page.wait_for_url(re.compile(r"provincia="))
    filtered_url = page.url
    chip = page.locator("a.chip").first
    expect(chip).to_be_visible()
    narrowed = page.locator("main article").count()
    assert 0 < narrowed <= total
    chip.click()
    page.wait_for_url(lambda url: "provincia=" not in url)
    expect(page.locator("a.chip")).to_have_count(0)
    page.go_back()
    assert page.url == filtered_url
    expect(page.locator("a.chip").first).to_be_visible()
    page.get_by_label("Ordina per").select_option("titolo")
    page.get_by_role("button", name="Ordina").click()
    page.wait_for_url(re.compile(r"ordina=titolo"))
    assert "provincia=" in page.url
    titles = [t.strip().casefold() for t in page.locator("main article h2, main article h3").all_inner_texts()]
    assert titles == sorted(titles)


def test_keyboard_users_skip_to_the_content_and_reach_the_search(live_server, page, catalogue):
    page.goto(live_server.url + "/pratiche/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Vai al contenuto principale")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    expect(page.locator("#id_q")).to_be_focused()


def test_the_mobile_menu_opens(live_server, browser, catalogue):
    page = browser.new_page(viewport=MOBILE)
    page.goto(live_server.url + "/")
    menu_link = page.locator("#main-nav").get_by_role("link", name="Statistiche")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Mostra o nascondi il menu").click()
    expect(menu_link).to_be_visible()
    menu_link.click()
    page.wait_for_url(re.compile("/statistiche/"))


def test_a_practice_prints_without_the_site_chrome(live_server, page, catalogue):
    page.goto(live_server.url + catalogue["practice"])
    page.emulate_media(media="print")
    expect(page.locator("#site-header")).to_be_hidden()
    expect(page.locator("#footer")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
