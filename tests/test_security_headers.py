"""Every kind of page carries the strict security headers, and no page needs inline code."""

import re

import pytest
from django.urls import reverse

from practices.tests.conftest import publication, reference_data, staff_client  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# Scripts come from files; the only inline <script> allowed is a JSON-LD data block, never run.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)


@pytest.fixture
def pages(publication, django_user_model):
    from practices.models import Practice
    from submissions.tests.factories import draft, make_call, make_user

    practice = Practice.objects.published().select_related("lead__ambito", "lead__comune").first()
    officer = make_user("referente.prova", comune=practice.lead.comune or practice.lead.ambito.capofila)
    candidacy = draft(make_call(), officer)
    return {
        "anonymous": [
            "/", "/pratiche/", "/pratiche/?q=anziani&provincia=BA", practice.get_absolute_url(), "/statistiche/",
            "/chi-siamo/", "/privacy/", "/accessibilita/", "/note-legali/", "/pagina-che-non-esiste/",
            reverse("login"), reverse("password_reset"), "/pratiche/?formato=csv", "/pratiche/feed/",
            "/api/v1/", "/api/v1/pratiche/", "/api/v1/docs/", "/api/v1/docs/?script=", "/api/v1/schema/",
            "/opendata/", "/opendata/catalogo.ttl", "/opendata/buone-pratiche.csv",
        ],
        "officer": (officer, [reverse("submissions:dashboard"), candidacy.get_absolute_url(),
                              reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                              reverse("submissions:attachments", args=[candidacy.uuid])]),
    }


def assert_headers(response, url):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp, url
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    assert "camera=()" in response["Permissions-Policy"], url
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_public_and_officer_pages_send_strict_headers_and_have_no_inline_code(client, pages):
    for url in pages["anonymous"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_headers(response, url)
    officer, urls = pages["officer"]
    client.force_login(officer)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_headers(response, url)


def test_admin_pages_send_strict_headers(staff_client, publication):
    for url in ("/admin/", "/admin/practices/practice/", "/admin/submissions/candidacy/",
                "/admin/calls/call/"):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
