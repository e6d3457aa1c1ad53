"""Links in e-mails: SITE_URL in production, the request's own address in development."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from submissions.tests.factories import draft, make_call, make_user, comune

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_and_draft(db):
    from django.core.management import call_command

    call_command("load_taxonomies", verbosity=0)
    call = make_call("avviso-link")
    officer = make_user("referente.link", comune=comune("072006", "Bari"))
    return officer, draft(call, officer)


def test_without_site_url_links_take_the_address_of_the_request(client, settings, officer_and_draft):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["buonepratiche.example.org"]
    officer, _candidacy = officer_and_draft
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": officer.email}, HTTP_HOST="buonepratiche.example.org")
    (reset,) = mail.outbox
    assert re.search(r"http://buonepratiche\.example\.org/password/reimposta/\S+/", reset.body), reset.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workflow_emails_sent_on_commit_take_the_address_of_the_request(client, settings, officer_and_draft):
    # A real commit: the messages of a step are rendered when the view's transaction commits.
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["buonepratiche.example.org"]
    officer, candidacy = officer_and_draft
    client.force_login(officer)
    mail.outbox.clear()
    client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]), HTTP_HOST="buonepratiche.example.org")
    receipt = next(m for m in mail.outbox if officer.email in m.to)
    assert f"http://buonepratiche.example.org{candidacy.get_absolute_url()}" in receipt.body
    assert "127.0.0.1" not in receipt.body


def test_site_url_wins_over_the_request(client, settings, officer_and_draft):
    settings.SITE_URL = "https://buonepratiche.regione.example"
    officer, _candidacy = officer_and_draft
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": officer.email})
    (reset,) = mail.outbox
    assert "https://buonepratiche.regione.example/password/reimposta/" in reset.body
    assert "testserver" not in reset.body


def test_dropdowns_offer_an_italian_empty_choice(client, officer_and_draft):
    officer, candidacy = officer_and_draft
    client.force_login(officer)
    for url in (reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                reverse("submissions:attachments", args=[candidacy.uuid])):
        page = client.get(url).text
        assert "Select an option" not in page and "– Scegli –" in page, url


def test_the_login_page_title_has_no_empty_part(client):
    page = client.get(reverse("login")).text
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("Accedi – ") and "– –" not in title and "–  –" not in title, title
