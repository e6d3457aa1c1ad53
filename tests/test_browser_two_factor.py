"""Enrolling the second factor in a real browser: the QR code shows under the strict CSP, the page
passes axe, and a code computed from the secret shown on the page completes the sign-in."""

import base64
import re

import pytest
from django_otp.oath import totp

from submissions.tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_enrol_from_the_page_and_reach_the_admin(live_server, browser, assert_accessible):
    staff = make_user("istruttore.anci", group="Istruttori ANCI")
    page = browser.new_context().new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nome utente").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Accedi")).click()
    page.wait_for_url(re.compile("/accesso/verifica/attivazione/"))
    assert page.locator("#totp-qr svg").is_visible()
    assert_accessible(page, "attivazione della verifica in due passaggi")
    # What a person would type into the app by hand: the secret shown in groups of four.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Codice").fill(f"{totp(key):06d}")
    page.locator("form").get_by_role("button", name="Conferma e attiva").click()
    page.wait_for_url(re.compile("/accesso/verifica/codici-di-recupero/"))
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page, "codici di recupero")
    page.get_by_role("link", name="Ho salvato i codici, continua").click()
    page.wait_for_url(re.compile("/admin/$"))
    # No script blocked by the CSP (Bootstrap Italia's bundled video player tries to inject a
    # <style> on every page, harmless: the same exclusion as practices/tests/test_browser.py).
    assert not [e for e in errors if "Content Security Policy" in e and "style" not in e], errors
