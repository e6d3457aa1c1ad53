"""Nobody can lock another person out: failures count per (account, client address), waits grow
with each failure, logs carry no usernames; passwords are long, idle sessions end, password-reset
e-mails are limited."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.db.models import F

pytestmark = pytest.mark.django_db

PASSWORD = "una-password-lunga-123"
ATTACKER, VICTIM_HOME, PROXY = "198.51.100.7", "203.0.113.20", "10.0.0.1"
LOGIN_PAGES = ["/accesso/", "/admin/login/"]


@pytest.fixture
def victim(db):
    return User.objects.create_superuser("vittima", "vittima@example.org", PASSWORD)


def attack(client, path, username, times=5, **extra):
    return [client.post(path, {"username": username, "password": "sbagliata"}, **extra) for _ in range(times)]


def signed_in(client, path, **extra):
    response = client.post(path, {"username": "vittima", "password": PASSWORD}, **extra)
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_failures_from_one_address_do_not_lock_the_account_elsewhere(client, victim, path):
    responses = attack(client, path, "vittima", REMOTE_ADDR=ATTACKER)
    assert responses[-1].status_code == 429
    # The attacker's pair is locked, even with the right password ...
    assert client.post(path, {"username": "vittima", "password": PASSWORD}, REMOTE_ADDR=ATTACKER).status_code == 429
    # ... the superuser, from their own address, gets in.
    assert signed_in(client, path, REMOTE_ADDR=VICTIM_HOME)


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_behind_the_proxy_the_rightmost_forwarded_address_is_the_pair(client, victim, settings, path):
    settings.TRUSTED_PROXY_COUNT = 1
    # The attacker forges the victim's address as the leftmost entry; the proxy appends the real one.
    attack(client, path, "vittima", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{VICTIM_HOME}, {ATTACKER}")
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    locked = client.post(path, {"username": "vittima", "password": PASSWORD},
                         REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{VICTIM_HOME}, {ATTACKER}")
    assert locked.status_code == 429
    assert signed_in(client, path, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM_HOME)


def test_each_failure_while_locked_doubles_the_wait_up_to_the_cap(client, victim, settings):
    settings.LOGIN_BACKOFF_BASE_MINUTES, settings.LOGIN_BACKOFF_MAX_MINUTES = 5, 20
    waits = [int(r["Retry-After"]) for r in attack(client, "/accesso/", "vittima", times=8, REMOTE_ADDR=ATTACKER)
             if r.status_code == 429]
    assert waits == [300, 600, 1200, 1200]
    page = client.post("/accesso/", {"username": "vittima", "password": "x"}, REMOTE_ADDR=ATTACKER)
    assert "Riprova tra 20 minuti" in page.text and "raddoppia" in page.text


def test_after_the_wait_the_right_password_works_from_the_same_address(client, victim):
    attack(client, "/accesso/", "vittima", REMOTE_ADDR=VICTIM_HOME)
    assert not signed_in(client, "/accesso/", REMOTE_ADDR=VICTIM_HOME)
    # The attempt during the wait counted too (sixth failure: 10 minutes); ten minutes later:
    wait_passes(timedelta(minutes=10, seconds=1))
    assert signed_in(client, "/accesso/", REMOTE_ADDR=VICTIM_HOME)
    # A successful login forgets the pair's failures.
    assert not AccessAttempt.objects.exists()


def wait_passes(delta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


def test_a_failure_after_the_wait_doubles_it_again(client, victim):
    attack(client, "/accesso/", "vittima", REMOTE_ADDR=ATTACKER)
    wait_passes(timedelta(minutes=5, seconds=1))
    again = attack(client, "/accesso/", "vittima", times=1, REMOTE_ADDR=ATTACKER)[0]
    assert again.status_code == 429 and again["Retry-After"] == "600"
    wait_passes(timedelta(minutes=10, seconds=1))
    assert attack(client, "/accesso/", "vittima", times=1, REMOTE_ADDR=ATTACKER)[0]["Retry-After"] == "1200"
    # A day without failures and the pair starts afresh.
    wait_passes(timedelta(hours=24))
    assert attack(client, "/accesso/", "vittima", times=1, REMOTE_ADDR=ATTACKER)[0].status_code == 200


def test_logs_name_the_address_but_neither_username_nor_password(client, victim, caplog):
    with caplog.at_level(logging.INFO):
        attack(client, "/accesso/", "vittima", times=6, REMOTE_ADDR=ATTACKER)
    text = caplog.text
    assert ATTACKER in text and "Locking out" in text
    assert "vittima" not in text and "sbagliata" not in text


def test_passwords_need_twelve_characters(client, victim):
    client.force_login(victim)
    response = client.post("/password/modifica/", {
        "old_password": PASSWORD, "new_password1": "Zq7#mPw2!kd", "new_password2": "Zq7#mPw2!kd"})
    assert response.status_code == 200
    assert "almeno 12 caratteri" in response.text
    response = client.post("/password/modifica/", {
        "old_password": PASSWORD, "new_password1": "Zq7#mPw2!kdX", "new_password2": "Zq7#mPw2!kdX"})
    assert response.status_code == 302


def idle_for(client, minutes):
    session = client.session
    session["last_activity"] -= minutes * 60
    session.save()


def test_an_idle_staff_session_ends_after_thirty_minutes_with_a_message(client, victim):
    client.force_login(victim)
    assert client.get("/admin/practices/practice/").status_code == 200
    idle_for(client, 29)
    assert client.get("/admin/practices/practice/").status_code == 200
    idle_for(client, 31)
    response = client.get("/admin/practices/practice/?q=x")
    assert response.status_code == 302
    assert response["Location"] == "/accesso/?next=/admin/practices/practice/%3Fq%3Dx"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "scaduta dopo 30 minuti di inattività" in page.text


def test_an_officer_session_idles_for_sixty_minutes(client, settings):
    officer = User.objects.create_user("referente", "referente@example.org", PASSWORD)
    client.force_login(officer)
    client.get("/")
    idle_for(client, 45)
    client.get("/")
    assert "_auth_user_id" in client.session
    idle_for(client, 61)
    client.get("/")
    assert "_auth_user_id" not in client.session


@pytest.fixture
def reset_limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_address": (5, 3600),
                            "password_reset_account": (3, 3600)}
    yield
    cache.clear()


@pytest.mark.parametrize("email", ["vittima@example.org", "nessuno@example.org"])
def test_password_reset_is_limited_per_account_alike_for_unknown_addresses(client, victim, reset_limits, email):
    for number in range(3):
        response = client.post("/password/reimposta/", {"email": email}, REMOTE_ADDR=f"192.0.2.{number}")
        assert response.status_code == 302 and response["Location"] == "/password/reimposta/inviata/"
    refused = client.post("/password/reimposta/", {"email": email.upper()}, REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Troppe richieste di reimpostazione" in refused.text and "Riprova tra" in refused.text
    assert len(mail.outbox) == (3 if email.startswith("vittima") else 0)


def test_password_reset_is_limited_per_address(client, victim, reset_limits):
    for number in range(5):
        assert client.post("/password/reimposta/", {"email": f"x{number}@example.org"}).status_code == 302
    assert client.post("/password/reimposta/", {"email": "vittima@example.org"}).status_code == 429
    assert mail.outbox == []
    assert client.post("/password/reimposta/", {"email": "vittima@example.org"},
                       REMOTE_ADDR=VICTIM_HOME).status_code == 302
    assert len(mail.outbox) == 1
