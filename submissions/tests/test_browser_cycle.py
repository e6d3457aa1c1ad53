"""The whole cycle in a real browser: officer, reviewer, officer again, reviewer, the public."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code, verified_device

from .factories import PASSWORD, comune, make_call, make_user, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Sportello di prossimità per le famiglie fragili"
SECTIONS_FIRST_SITTING = {
    "Ambito d'intervento": "Contrasto alla povertà e sostegno alle famiglie con minori.",
    "Destinatari": "Famiglie in condizione di fragilità economica e sociale.",
    "Finalità": "Avvicinare i servizi sociali ai quartieri periferici.",
}
SECTIONS_SECOND_SITTING = {
    "Modalità di realizzazione": "Uno sportello aperto tre giorni a settimana nei centri di quartiere.",
    "Risultati conseguiti": "Trecento famiglie accolte nel primo anno.",
    "Soggetti coinvolti": "Servizi sociali comunali, parrocchie, associazioni di volontariato.",
    "Margini di miglioramento": "Estendere l'apertura al sabato.",
}


@pytest.fixture
def people():
    call_command("load_taxonomies", verbosity=0)
    bari = comune("072006", "Bari")
    call = make_call("avviso-browser")
    officer = make_user("referente.bari", comune=bari)
    reviewer = make_user("istruttore.anci", group="Istruttori ANCI")
    return call, officer, reviewer


def section_field(page, label):
    """A card section's box by its label, which carries the required mark (" * (obbligatorio)")
    when the stage requires the section."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*)?(\s*\(obbligatorio\))?$"))


def login(page, base, user, path="/accesso/"):
    """Password, then for staff the code their authenticator app shows (the second factor)."""
    device = verified_device(user) if user.is_staff else None
    page.goto(base + path)
    page.get_by_label("Nome utente").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Accedi")).click()
    if device is not None:
        page.wait_for_url(re.compile("/accesso/verifica/"))
        page.get_by_label("Codice").fill(totp_code(device))
        page.locator("form").get_by_role("button", name="Verifica").click()
        page.wait_for_url(lambda url: "/accesso/" not in url)


def test_the_whole_cycle(live_server, browser, people, assert_accessible, tmp_path):
    call, officer, reviewer = people
    base = live_server.url
    pdf = tmp_path / "relazione.pdf"
    pdf.write_bytes(pdf_bytes())

    # The officer starts a draft and fills the first part of the card.
    officer_page = browser.new_context().new_page()
    login(officer_page, base, officer)
    officer_page.wait_for_url(re.compile("/candidature/$"))
    assert_accessible(officer_page, "area del referente")
    officer_page.get_by_role("link", name="Nuova candidatura").click()
    officer_page.get_by_role("button", name="Crea la bozza").click()
    officer_page.get_by_label("Titolo della pratica").fill(TITLE)
    for label, text in SECTIONS_FIRST_SITTING.items():
        section_field(officer_page, label).fill(text)
    assert_accessible(officer_page, "modulo di candidatura")
    officer_page.get_by_role("button", name="Salva la bozza").click()
    officer_page.get_by_text("Bozza salvata").wait_for()

    # Second sitting: a new session, the draft is still there, the rest is filled in.
    officer_page.context.close()
    officer_page = browser.new_context().new_page()
    login(officer_page, base, officer)
    officer_page.get_by_role("link", name=TITLE).click()
    expect(officer_page.get_by_text("Mancano ancora")).to_be_visible()
    assert_accessible(officer_page, "riepilogo della bozza")
    officer_page.get_by_role("link", name="Modifica la scheda").click()
    expect(section_field(officer_page, "Finalità")).to_have_value(SECTIONS_FIRST_SITTING["Finalità"])
    for label, text in SECTIONS_SECOND_SITTING.items():
        section_field(officer_page, label).fill(text)
    # Bootstrap Italia draws its own radios and checkboxes: people click the labels.
    officer_page.locator("#id_tipologia label").first.click()
    officer_page.locator("#id_areas label").first.click()
    officer_page.locator("#id_target_groups label").first.click()
    officer_page.get_by_label("Stato della pratica").select_option("in_corso")  # it decides the required sections
    officer_page.get_by_label("Anno di avvio").fill("2022")
    officer_page.get_by_label("Telefono del referente").fill("080 5771111")
    for label in officer_page.locator("#id_accepted_declarations label").all():
        label.click()
    officer_page.get_by_role("button", name="Salva e vai al riepilogo").click()

    # The PDF, then the submission and its receipt.
    officer_page.get_by_role("link", name="Allegati").first.click()
    officer_page.get_by_label("Tipo di documento").select_option(label="Relazione")
    officer_page.get_by_label(re.compile(r"^Titolo")).fill("Relazione descrittiva")
    officer_page.get_by_label("File").set_input_files(str(pdf))
    officer_page.get_by_role("button", name="Carica").click()
    officer_page.get_by_text("Allegato «Relazione descrittiva» caricato").wait_for()
    assert_accessible(officer_page, "allegati")
    officer_page.get_by_role("link", name="Torna al riepilogo della candidatura").click()
    expect(officer_page.locator("#missing-list")).to_have_count(0)
    expect(officer_page.get_by_text("La candidatura è completa")).to_be_visible()
    officer_page.get_by_role("button", name="Presenta la candidatura").click()
    officer_page.get_by_role("heading", name="Ricevuta di presentazione").wait_for()
    protocol = re.search(r"BP-\d{4}-\d{4}", officer_page.content()).group(0)
    assert_accessible(officer_page, "ricevuta")

    # The reviewer takes it, checks, scores and asks for more.
    staff_page = browser.new_context().new_page()
    login(staff_page, base, reviewer, path="/admin/login/")
    staff_page.goto(base + "/admin/submissions/candidacy/")
    staff_page.locator("input.action-select").first.check()
    staff_page.locator("select[name=action]").select_option("assign_to_me")
    staff_page.locator("button[name=index], input[name=index]").first.click()
    staff_page.get_by_text("assegnata a").wait_for()
    staff_page.get_by_role("link", name=protocol).click()
    staff_page.get_by_role("link", name="Avvia l'istruttoria").click()
    staff_page.get_by_role("button", name="Avvia l'istruttoria").click()
    staff_page.get_by_role("link", name="Verifiche e punteggi").click()
    for select in staff_page.locator("select[name^=score_]").all():
        select.select_option("4")
    staff_page.get_by_role("button", name="Registra verifiche e punteggi").click()
    staff_page.get_by_text("valutazioni registrate").wait_for()
    staff_page.get_by_role("link", name="Richiedi integrazioni").click()
    staff_page.get_by_label("Integrazioni richieste").fill("Indicare anche i giorni di apertura dello sportello.")
    deadline = timezone.localtime() + timedelta(days=7)
    staff_page.get_by_label("Termine per le integrazioni").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    staff_page.get_by_role("button", name="Richiedi integrazioni").click()
    staff_page.get_by_text("Fatto").wait_for()

    # The officer amends and resubmits.
    officer_page.goto(base + "/candidature/")
    officer_page.get_by_role("link", name=TITLE).click()
    expect(officer_page.get_by_text("Sono state richieste integrazioni")).to_be_visible()
    expect(officer_page.get_by_text("Indicare anche i giorni di apertura")).to_be_visible()
    officer_page.get_by_role("link", name="Modifica la scheda").click()
    section_field(officer_page, "Modalità di realizzazione").fill(
        SECTIONS_SECOND_SITTING["Modalità di realizzazione"] + " Aperto lunedì, mercoledì e venerdì.")
    officer_page.get_by_role("button", name="Salva e vai al riepilogo").click()
    officer_page.get_by_role("button", name="Ripresenta con le integrazioni").click()
    officer_page.get_by_role("heading", name="Ricevuta di presentazione").wait_for()
    expect(officer_page.get_by_text("Integrazioni presentate il")).to_be_visible()

    # The reviewer admits, communicates and publishes.
    # The review resumes by itself after the resubmission.
    staff_page.reload()
    expect(staff_page.get_by_role("link", name="Avvia l'istruttoria")).to_have_count(0)
    staff_page.get_by_role("link", name="Ammetti").click()
    staff_page.get_by_label("Motivazione dell'esito").fill("Pratica efficace, documentata e replicabile.")
    staff_page.get_by_label("Comunica subito l'esito al proponente").check()
    staff_page.get_by_role("button", name="Ammetti").click()
    staff_page.get_by_role("link", name="Pubblica nel catalogo").click()
    staff_page.get_by_role("button", name="Pubblica nel catalogo").click()
    staff_page.get_by_text("Fatto: Pubblica nel catalogo").wait_for()

    # Anyone finds it in the catalogue and its search.
    public = browser.new_context().new_page()
    public.goto(base + "/pratiche/?q=sportello+prossimità")
    public.get_by_role("link", name=re.compile("Sportello di prossimità", re.I)).first.click()
    expect(public.get_by_text("Aperto lunedì, mercoledì e venerdì.")).to_be_visible()
    expect(public.get_by_text("Comune di Bari").first).to_be_visible()

    from django.core import mail

    from submissions.models import Candidacy

    candidacy = Candidacy.objects.get()
    assert candidacy.state == "pubblicata" and candidacy.practice.is_published
    assert [e.transition for e in candidacy.events.order_by("at", "id")] == [
        "submit", "assign", "start_review", "request_integration", "resubmit", "admit",
        "communicate", "publish"]
    assert candidacy.checks.count() == 6 and candidacy.scores.count() == call.criteria.count()
    subjects = " | ".join(m.subject for m in mail.outbox)
    for expected in ("Ricevuta della candidatura", "Richiesta di integrazioni", "Esito della candidatura",
                     "La vostra pratica è pubblicata"):
        assert expected in subjects, subjects
