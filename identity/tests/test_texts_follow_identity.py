"""The pages, e-mails and names that used to say "Puglia" as template text read the site's
identity: another body running the site changes them by editing the identity, not templates.
The history of the first collection (the 2023 Avviso, the 2024 publication) stays as written."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import SuspiciousOperation
from django.urls import include, path, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.models import Identity
from practices.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_cache_on")]


def broken(request):
    raise RuntimeError("guasto di prova")


def suspicious(request):
    raise SuspiciousOperation("richiesta di prova")


urlpatterns = [path("guasto/", broken), path("sospetta/", suspicious), path("", include("buonepratiche.urls"))]
handler400 = "buonepratiche.errors.bad_request"
handler500 = "buonepratiche.errors.server_error"


@pytest.fixture
def lombardy(db):
    """The identity of a site run in Lombardy by other bodies."""
    identity = Identity.current()
    identity.name, identity.short_name = "Osservatorio delle pratiche sociali", "Pratiche Sociali"
    identity.tagline = "Archivio delle pratiche sociali lombarde"
    identity.description = "Le pratiche sociali dei Comuni lombardi."
    identity.summary = "Le pratiche sociali lombarde."
    identity.background = "L'osservatorio è curato dalla Regione Lombardia con ANCI Lombardia."
    identity.programme = ""
    identity.save()
    identity.regions.set([Region.objects.create(istat_code="03", name="Lombardia")])
    for body in identity.publishers.all():
        if body.role == "titolare":
            body.name, body.unit, body.url = "Regione Lombardia", "Welfare", "https://www.regione.lombardia.it/"
            body.email, body.ipa_code = "pratiche@regione.lombardia.example", "r_lombar"
        else:
            body.name, body.description = "ANCI Lombardia", "Associazione dei Comuni lombardi"
            body.email, body.phone, body.address = "pratiche@anci.lombardia.example", "02 1234567", "Via Roma 1 – Milano"
            body.url = "https://www.anci.lombardia.example/"
        body.save()
    return Identity.current()


def test_static_pages_name_the_identitys_bodies_and_contact(client, lombardy):
    for url in ("/note-legali/", "/privacy/", "/accessibilita/", "/chi-siamo/"):
        page = client.get(url).content.decode()
        assert "ANCI Lombardia" in page and "Regione Lombardia" in page, url
        assert "welfare@anci.puglia.it" not in page and "Partipilo" not in page, url
        if url != "/chi-siamo/":
            assert "Puglia" not in page, url
    about = client.get("/chi-siamo/").content.decode()
    assert "Le pratiche sociali dei Comuni lombardi." in about
    contact = about[about.index('id="contact-title"'):]
    assert '<a href="mailto:pratiche@anci.lombardia.example">' in contact and "Puglia" not in contact
    who = about[about.index('id="who-title"'):about.index("Prefazione a", about.index('id="who-title"'))]
    assert "L&#x27;osservatorio è curato dalla Regione Lombardia" in who and "Regione Puglia" not in who
    # The first collection's history is quoted as written.
    assert "BURP n. 51 del 15 giugno 2023" in about
    privacy = client.get("/privacy/").content.decode()
    assert "<strong>Regione Lombardia – Welfare</strong>" in privacy
    assert "<strong>ANCI Lombardia</strong> (Via Roma 1 – Milano)" in privacy
    legal = client.get("/note-legali/").content.decode()
    assert "è promosso da Regione Lombardia – Welfare ed è gestito da ANCI Lombardia" in legal


def test_error_pages_and_the_reset_email_name_the_identity(client, lombardy, settings, django_user_model):
    staff = django_user_model.objects.create_user("senza.permessi", password="x" * 20, is_staff=True)
    client.force_login(staff)
    forbidden = client.get(reverse("admin:auth_user_changelist"))
    assert forbidden.status_code == 403
    assert "pratiche@anci.lombardia.example" in forbidden.text and "Puglia" not in forbidden.text
    client.logout()

    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    for url, status in (("/guasto/", 500), ("/sospetta/", 400)):
        response = client.get(url)
        assert response.status_code == status
        page = response.content.decode()
        assert "Pratiche Sociali" in page and "Regione Lombardia" in page and "Puglia" not in page, url
    assert "mailto:pratiche@anci.lombardia.example" in client.get("/guasto/").content.decode()

    settings.ROOT_URLCONF = "buonepratiche.urls"
    User.objects.create_user("referente", "referente@comune.example.it", "x" * 20)
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": "referente@comune.example.it"})
    (email,) = mail.outbox
    assert email.subject == "Reimpostazione della password – Pratiche Sociali"
    assert "«Osservatorio delle pratiche sociali»" in email.body and "Puglia" not in email.body
    assert email.body.rstrip().endswith("Pratiche Sociali – Regione Lombardia · ANCI Lombardia")


def test_the_500_page_stands_without_the_identity_when_it_cannot_be_read(client, settings, monkeypatch):
    from buonepratiche import errors

    def unreadable():
        raise RuntimeError("database non raggiungibile")

    monkeypatch.setattr(errors, "_identity_reader", unreadable)
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/guasto/")
    assert response.status_code == 500 and "Si è verificato un errore" in response.content.decode()


def test_authenticator_apps_and_the_api_schema_name_the_identity(client, lombardy, settings, django_user_model):
    user = django_user_model.objects.create_user("con.app", password="x" * 20)
    device = TOTPDevice.objects.create(user=user, name="App")
    assert "issuer=Pratiche%20Sociali%20Lombardia" in device.config_url
    settings.OTP_TOTP_ISSUER = "Istanza di prova"  # the environment variable still wins
    assert "issuer=Istanza%20di%20prova" in device.config_url

    description = client.get("/api/v1/schema/").json()["info"]["description"]
    assert "«Osservatorio delle pratiche sociali»" in description and "ANCI Lombardia" in description
    assert "Puglia" not in description
