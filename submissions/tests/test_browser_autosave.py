"""Nothing typed is lost, in a real browser: autosave without pressing a button, the warning
before leaving unsaved changes, and a session that ends mid-form (seen by the autosave, or by
"Salva la bozza") with the text put back after signing in again."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from playwright.sync_api import expect

from submissions.models import Candidacy

from .factories import comune, draft, make_call, make_user
from .test_browser_cycle import login, section_field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AIMS = "Finalità"
RECIPIENTS = "Destinatari"


@pytest.fixture
def candidacy():
    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune("072006", "Bari"))
    return draft(make_call("avviso-autosave"), officer, complete=False)


def stored_drafts(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('buonepratiche:bozza:')).length")


def test_autosave_saves_while_typing_and_warns_before_leaving(live_server, browser, candidacy, assert_accessible):
    page = browser.new_context().new_page()
    login(page, live_server.url, candidacy.created_by)
    page.goto(live_server.url + candidacy.get_absolute_url() + "modifica/")
    section_field(page, AIMS).press_sequentially("Scritto senza premere alcun pulsante.")

    status = page.locator("#autosave-status")
    expect(status).to_contain_text(re.compile(r"Bozza salvata alle \d\d:\d\d"), timeout=15000)
    assert Candidacy.objects.get(pk=candidacy.pk).aims == "Scritto senza premere alcun pulsante."
    assert stored_drafts(page) == 0
    assert_accessible(page, "modulo con il salvataggio automatico")

    # Saved: reloading shows the text and asks nothing.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    expect(section_field(page, AIMS)).to_have_value("Scritto senza premere alcun pulsante.")
    assert dialogs == []

    # Leaving before the save: the browser asks, and the text is there when the page comes back.
    section_field(page, RECIPIENTS).press_sequentially("Famiglie")
    page.reload()
    assert dialogs == ["beforeunload"]
    expect(section_field(page, RECIPIENTS)).to_have_value("Famiglie")

    # A refused value is named in the status and not saved; the rest is.
    page.get_by_label("Anno di avvio").fill("1800")
    section_field(page, RECIPIENTS).fill("Famiglie con minori")
    expect(status).to_contain_text("Anno di avvio", timeout=15000)
    saved = Candidacy.objects.get(pk=candidacy.pk)
    assert saved.recipients == "Famiglie con minori" and saved.start_year is None
    assert stored_drafts(page) == 1


def test_the_text_survives_a_session_that_ends_mid_form(live_server, browser, candidacy, assert_accessible):
    officer = candidacy.created_by
    edit = live_server.url + candidacy.get_absolute_url() + "modifica/"
    page = browser.new_context().new_page()
    login(page, live_server.url, officer)
    page.goto(edit)

    # The session ends on the server (expired, or signed out elsewhere) while the officer types.
    Session.objects.all().delete()
    section_field(page, AIMS).fill("Testo scritto mentre la sessione scadeva.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("La sessione è scaduta", timeout=15000)
    assert_accessible(page, "sessione scaduta durante la compilazione")
    status.get_by_role("link", name="Accedi di nuovo").click()
    page.wait_for_url(re.compile("/accesso/"))
    login(page, live_server.url, officer, path=page.url.removeprefix(live_server.url))
    page.wait_for_url(edit)

    expect(page.get_by_text("Abbiamo ripristinato il testo non salvato")).to_be_visible()
    expect(section_field(page, AIMS)).to_have_value("Testo scritto mentre la sessione scadeva.")
    assert_accessible(page, "testo ripristinato")
    page.set_viewport_size({"width": 390, "height": 844})  # the notice and its buttons on a phone
    assert_accessible(page, "testo ripristinato, 390 px")
    for name in ("Salva il testo ripristinato", "Scarta il testo ripristinato"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Salva il testo ripristinato").click()
    expect(status).to_contain_text("Bozza salvata alle", timeout=15000)
    assert Candidacy.objects.get(pk=candidacy.pk).aims == "Testo scritto mentre la sessione scadeva."
    assert stored_drafts(page) == 0

    # Again, but this time "Salva la bozza" is pressed before the autosave runs.
    page.reload()
    Session.objects.all().delete()
    section_field(page, RECIPIENTS).fill("Famiglie con minori.")
    page.get_by_role("button", name="Salva la bozza").click()
    page.wait_for_url(re.compile("/accesso/"))
    expect(page.get_by_text("La sessione è scaduta: accedi di nuovo; il testo non salvato è conservato "
                            "in questo browser.")).to_be_visible()
    login(page, live_server.url, officer, path=page.url.removeprefix(live_server.url))
    page.wait_for_url(edit)
    expect(section_field(page, RECIPIENTS)).to_have_value("Famiglie con minori.")
    expect(page.get_by_text("Abbiamo ripristinato il testo non salvato")).to_be_visible()

    # "Scarta" gives the saved draft back.
    page.get_by_role("button", name="Scarta il testo ripristinato").click()
    expect(section_field(page, RECIPIENTS)).to_have_value("")
    expect(page.get_by_text("Abbiamo ripristinato il testo non salvato")).to_have_count(0)
    assert stored_drafts(page) == 0

    # Signing out leaves nothing in the browser, even what was not saved yet.
    section_field(page, RECIPIENTS).press_sequentially("Solo nel browser")
    assert stored_drafts(page) == 1
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Esci").click()
    page.wait_for_url(re.compile("/accesso/"))
    assert stored_drafts(page) == 0
