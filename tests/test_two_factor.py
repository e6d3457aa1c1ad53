"""Staff need a second factor: a password alone opens no back-office page. Officers may opt in."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import totp_code, verified_device
from submissions.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return User.objects.create_user("istruttore", "istruttore@example.org", PASSWORD, is_staff=True,
                                    is_superuser=True)


@pytest.fixture
def officer(db):
    from submissions.tests.factories import comune, make_user

    return make_user("referente.bari", comune=comune())


def password_login(client, user, path="/admin/login/"):
    response = client.post(path, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def fresh_code(device):
    """A code the device has not accepted yet (django-otp refuses a code twice in one time step)."""
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    return totp_code(device)


def test_staff_without_a_device_enrol_on_first_login_and_get_recovery_codes_once(client, staff):
    password_login(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accesso/verifica/attivazione/?next=/admin/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "<svg" in page.text and "Attiva la verifica in due passaggi" in page.text
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
    assert secret in device.config_url
    # Still no access while the device is unconfirmed.
    assert client.get("/admin/practices/practice/").status_code == 302
    done = client.post("/accesso/verifica/attivazione/", {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"].startswith("/accesso/verifica/codici-di-recupero/")
    codes_page = client.get(done["Location"])
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.text)
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.get(done["Location"]).status_code == 302  # shown once
    assert client.get("/admin/").status_code == 200


def test_wrong_code_at_enrolment_is_refused_in_italian(client, staff):
    password_login(client, staff)
    client.get("/accesso/verifica/attivazione/")
    response = client.post("/accesso/verifica/attivazione/", {"code": "000000"})
    assert response.status_code == 200 and "Codice non valido" in response.text
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_later_logins_ask_for_the_code_and_a_password_alone_cannot_pair_another_phone(client, staff):
    device = verified_device(staff)
    password_login(client, staff, "/accesso/")
    for path in ("/admin/", "/admin/practices/practice/", "/candidature/", "/accesso/verifica-in-due-passaggi/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accesso/verifica/?next=")
    assert client.get("/accesso/verifica/attivazione/")["Location"] == "/accesso/verifica/"
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    wrong = client.post("/accesso/verifica/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 200 and "Codice non valido o scaduto" in wrong.text
    device.throttle_reset()
    right = client.post("/accesso/verifica/", {"code": fresh_code(device), "next": "/admin/practices/practice/"})
    assert right.status_code == 302 and right["Location"] == "/admin/practices/practice/"
    assert client.get("/admin/practices/practice/").status_code == 200


def test_a_recovery_code_works_once(client, staff):
    password_login(client, staff)
    device = TOTPDevice.objects.get_or_create(user=staff, name="x", confirmed=False)[0]
    client.post("/accesso/verifica/attivazione/", {"code": totp_code(device)})
    code = client.get("/accesso/verifica/codici-di-recupero/")
    recovery = re.findall(r"<li><code>(\w+)</code></li>", code.text)[0]
    client.logout()
    password_login(client, staff)
    response = client.post("/accesso/verifica/", {"code": recovery, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "te ne restano 9" in client.get("/admin/", follow=True).text
    client.logout()
    password_login(client, staff)
    assert "Codice non valido" in client.post("/accesso/verifica/", {"code": recovery}).text


def test_code_attempts_are_throttled(client, staff, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "two_factor": (3, 900)}
    verified_device(staff)
    password_login(client, staff)
    for _attempt in range(3):
        assert client.post("/accesso/verifica/", {"code": "000000"}).status_code == 200
    refused = client.post("/accesso/verifica/", {"code": "000000"})
    assert refused.status_code == 429 and "Troppi codici inseriti" in refused.text
    cache.clear()


def test_the_device_itself_doubles_the_wait_after_a_wrong_code(client, staff):
    device = verified_device(staff)
    password_login(client, staff)
    client.post("/accesso/verifica/", {"code": "000000"})
    # Right away, even the right code is refused (django-otp's per-device throttle).
    assert client.post("/accesso/verifica/", {"code": fresh_code(device)}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_an_officer_may_opt_in_and_out(client, officer):
    password_login(client, officer, "/accesso/")
    assert "/accesso/verifica-in-due-passaggi/" in client.get("/candidature/", follow=True).text
    page = client.get("/accesso/verifica-in-due-passaggi/")
    assert "non è attiva" in page.text
    client.get("/accesso/verifica/attivazione/")
    device = TOTPDevice.objects.get(user=officer)
    client.post("/accesso/verifica/attivazione/", {"code": totp_code(device)})
    assert "è attiva" in client.get("/accesso/verifica-in-due-passaggi/").text
    client.logout()
    password_login(client, officer, "/accesso/")
    assert client.get("/candidature/")["Location"].startswith("/accesso/verifica/")
    client.post("/accesso/verifica/", {"code": fresh_code(device)})
    turned_off = client.post("/accesso/verifica-in-due-passaggi/", {"code": fresh_code(device)})
    assert turned_off.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    client.logout()
    password_login(client, officer, "/accesso/")
    assert client.get("/accesso/verifica-in-due-passaggi/").status_code == 200


def test_staff_cannot_turn_it_off(client, staff):
    device = verified_device(staff)
    client.force_login(staff)
    response = client.post("/accesso/verifica-in-due-passaggi/", {"code": fresh_code(device)})
    assert "obbligatoria" in response.text and TOTPDevice.objects.filter(user=staff).exists()


def test_an_administrator_resets_a_lost_device(client, staff, capsys):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    call_command("reset_two_factor", staff.username)
    assert "reimpostata" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/admin/")["Location"] == "/accesso/verifica/attivazione/?next=/admin/"


def test_the_admin_never_shows_secrets_or_recovery_codes(admin_client, staff):
    device = verified_device(staff)
    recovery = StaticToken.objects.create(
        device=StaticDevice.objects.create(user=staff, name="recupero", confirmed=True), token="abcd1234")
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.text
    page = admin_client.get(f"/admin/otp_static/staticdevice/{recovery.device.pk}/change/")
    assert page.status_code == 200 and recovery.token not in page.text
