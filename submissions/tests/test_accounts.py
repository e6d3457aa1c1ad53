"""Officer accounts: created by ANCI staff, invited by email, password pages in Italian."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from submissions.models import BodyMembership

pytestmark = pytest.mark.django_db


def test_anci_staff_create_an_officer_who_receives_a_link_to_choose_the_password(reviewer_client, bari, client):
    mail.outbox.clear()
    response = reviewer_client.post(reverse("admin:submissions_officer_add"), {
        "username": "referente.nuovo", "first_name": "Lucia", "last_name": "Neri",
        "email": "lucia.neri@comune.bari.it", "is_active": "on",
        "body_memberships-TOTAL_FORMS": "1", "body_memberships-INITIAL_FORMS": "0",
        "body_memberships-MIN_NUM_FORMS": "0", "body_memberships-MAX_NUM_FORMS": "1000",
        "body_memberships-0-comune": str(bari.pk), "body_memberships-0-role": "Assistente sociale",
    })
    assert response.status_code == 302, response.content[:2000]
    officer = User.objects.get(username="referente.nuovo")
    assert not officer.has_usable_password() and not officer.is_staff
    # Bari had no body yet: choosing it from the ISTAT list made it.
    assert BodyMembership.objects.get(user=officer).body.comune == bari
    (invitation,) = mail.outbox
    assert invitation.to == ["lucia.neri@comune.bari.it"] and "Comune di Bari" in invitation.body
    link = re.search(r"http://testserver(/password/reimposta/\S+/)", invitation.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Scegli la password" in form.text
    done = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link, {
        "new_password1": "Una-Password-Nuova-2026", "new_password2": "Una-Password-Nuova-2026"})
    assert done.status_code == 302
    client.logout()
    login = client.post(reverse("login"), {"username": "referente.nuovo", "password": "Una-Password-Nuova-2026"})
    assert login.status_code == 302 and login["Location"] == reverse("submissions:dashboard")


def test_staff_cannot_grant_staff_rights_through_the_officer_form(reviewer_client, officer):
    url = reverse("admin:submissions_officer_change", args=[officer.pk])
    reviewer_client.post(url, {
        "username": officer.username, "first_name": "A", "last_name": "B", "email": officer.email,
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "body_memberships-TOTAL_FORMS": "0", "body_memberships-INITIAL_FORMS": "0",
        "body_memberships-MIN_NUM_FORMS": "0", "body_memberships-MAX_NUM_FORMS": "1000",
    })
    officer.refresh_from_db()
    assert not officer.is_staff and not officer.is_superuser


def test_reviewers_cannot_open_the_full_user_admin(reviewer_client):
    assert reviewer_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_password_reset_does_not_reveal_whether_an_account_exists(client, officer):
    mail.outbox.clear()
    known = client.post(reverse("password_reset"), {"email": officer.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nessuno@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert "Controlla la posta" in known.text and "Controlla la posta" in unknown.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [officer.email]
    assert "Reimpostazione della password" in mail.outbox[0].subject


def test_password_change_page_is_in_the_site_design(client, officer):
    client.force_login(officer)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Cambia la password" in page.text and "it-header-wrapper" in page.text


def test_demo_data_creates_the_three_demo_accounts_and_an_open_call(settings, monkeypatch):
    from practices.tests.factories import AmbitoFactory
    from calls.models import Call

    from .factories import comune

    call_command("load_taxonomies", verbosity=0)
    comune("072006", "Bari")
    AmbitoFactory(name="Ambito di Conversano", slug="ambito-di-conversano")
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "prova-demo")
    call_command("create_demo_data", verbosity=0)
    call_command("create_demo_data", verbosity=0)
    for username in ("referente.bari", "referente.conversano", "istruttore.anci", "admin"):
        assert User.objects.get(username=username).check_password("prova-demo")
    assert User.objects.get(username="referente.bari").body_memberships.get().body.comune.name == "Bari"
    assert User.objects.get(username="referente.conversano").body_memberships.get().body.ambito.slug == "ambito-di-conversano"
    reviewer = User.objects.get(username="istruttore.anci")
    assert reviewer.is_staff and reviewer.has_perm("submissions.review_candidacy")
    demo = Call.objects.get(slug="avviso-dimostrativo")
    assert demo.is_open() and demo.criteria.count() == 5 and demo.declarations.exists()


def test_demo_data_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_data", verbosity=0)


def test_repeated_failed_logins_lock_the_account_with_an_italian_message(client, officer, settings):
    from .factories import PASSWORD

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": officer.username, "password": "sbagliata"})
        assert response.status_code == 200 and "corretti" in response.text
    locked = client.post(reverse("login"), {"username": officer.username, "password": "sbagliata"})
    assert locked.status_code == 429 and "Accesso temporaneamente bloccato" in locked.text
    # Even the right password is refused during the lockout, and the admin login is covered too.
    right = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert right.status_code == 429
    admin = client.post(reverse("admin:login"), {"username": officer.username, "password": PASSWORD})
    assert admin.status_code == 429


def test_staff_who_act_for_no_body_land_in_the_back_office_after_login(client, reviewer, officer):
    from submissions.tests.factories import PASSWORD

    response = client.post("/accesso/", {"username": reviewer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.logout()
    response = client.post("/accesso/", {"username": officer.username, "password": PASSWORD})
    assert response["Location"] == "/candidature/"


def test_the_officer_form_searches_bodies_instead_of_listing_thousands(reviewer_client, officer, bari):
    """The memberships' body and Comune are autocompletes: the page holds only the chosen
    options, and the admin's autocomplete finds a body by name and any Comune of the list."""
    from practices.models import Body
    from practices.tests.factories import ComuneFactory

    for n in range(300):
        ComuneFactory(name=f"Comune numero {n}", province=bari.province)
    Body.objects.create(kind=Body.Kind.TERZO_SETTORE, name="Cooperativa Il Ponte")
    page = reviewer_client.get(reverse("admin:submissions_officer_change", args=[officer.pk])).content.decode()
    assert page.count("<option") < 50
    assert "admin-autocomplete" in page

    def search(model_name, field_name, term):
        response = reviewer_client.get("/admin/autocomplete/", {
            "app_label": "submissions" if model_name == "bodymembership" else "practices",
            "model_name": model_name, "field_name": field_name, "term": term})
        assert response.status_code == 200
        return [result["text"] for result in response.json()["results"]]

    assert search("bodymembership", "body", "Ponte") == ["Cooperativa Il Ponte"]
    assert any("numero 123" in text for text in search("body", "comune", "numero 123"))


def test_a_comune_without_a_body_is_given_to_an_officer_and_gets_its_body(reviewer_client, officer, monopoli):
    from practices.models import Body

    assert not Body.objects.filter(comune=monopoli).exists()
    url = reverse("admin:submissions_officer_change", args=[officer.pk])
    membership = BodyMembership.objects.get(user=officer)
    form = {
        "username": officer.username, "first_name": "A", "last_name": "B", "email": officer.email, "is_active": "on",
        "body_memberships-TOTAL_FORMS": "2", "body_memberships-INITIAL_FORMS": "1",
        "body_memberships-MIN_NUM_FORMS": "0", "body_memberships-MAX_NUM_FORMS": "1000",
        "body_memberships-0-id": str(membership.pk), "body_memberships-0-user": str(officer.pk),
        "body_memberships-0-body": str(membership.body_id),
        "body_memberships-1-user": str(officer.pk), "body_memberships-1-comune": str(monopoli.pk),
        "body_memberships-1-role": "Referente",
    }
    assert reviewer_client.post(url, form).status_code == 302
    assert BodyMembership.objects.get(user=officer, body__comune=monopoli).role == "Referente"
    both = reviewer_client.post(url, {**form, "body_memberships-1-body": str(membership.body_id)})
    assert "Indicare l&#x27;ente oppure il Comune, non entrambi." in both.content.decode()
