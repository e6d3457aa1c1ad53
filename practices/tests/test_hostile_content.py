"""Hostile characters and files: refused at every door (admin, import), harmless if already stored.

Control characters stored before they were refused must not take the feed or the spreadsheets
offline; an admin cannot attach HTML or SVG to a practice, and /media/ never serves a file the
browser would render on the site's origin.
"""

import io
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from practices.models import DocumentKind, Practice, PracticeDocument
from submissions.tests.factories import pdf_bytes

from .factories import PracticeFactory
from .test_import_export import _csv, admin_import

pytestmark = pytest.mark.django_db

MESSAGE = "Il campo «Finalità» contiene un carattere di controllo non ammesso (U+0002)."


class FormFields(HTMLParser):
    """The values a browser would post from the page's form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"file", "submit", "button"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.data.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.data.pop()
            self.data.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                name, text = self.data.pop()
                self.data.append((name, text.removeprefix("\n")))
            self.textarea = None


def admin_form(client, url, form_id="practice_form"):
    parser = FormFields(form_id)
    parser.feed(client.get(url).text)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


@pytest.fixture
def practice(reference_data):
    return PracticeFactory(slug="con-carattere")


@pytest.fixture
def stored_control_characters(practice):
    """Text with control characters written straight to the database, as before they were refused."""
    Practice.objects.filter(pk=practice.pk).update(
        title="Pratica\x02 invisibile", aims="Finalità\x02 nascoste\x1b", implementation="Azioni\x7f",
        summary="Finalità\x02 nascoste\x1b")  # the feed's entries show the summary
    return practice


def test_the_feed_survives_stored_control_characters(client, stored_control_characters):
    response = client.get(reverse("catalogue:feed"))
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    text = ElementTree.tostring(feed, encoding="unicode")
    assert "Pratica invisibile" in text and "Finalità nascoste" in text


def test_the_catalogue_xlsx_survives_stored_control_characters(client, stored_control_characters):
    response = client.get(reverse("catalogue:practice_list"), {"formato": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert any("Pratica invisibile" in row for row in rows)
    assert any("Finalità nascoste" in row for row in rows)


def test_the_open_data_xlsx_survives_stored_control_characters(client, stored_control_characters, settings, tmp_path):
    settings.BULK_DOWNLOAD_ROOT = tmp_path
    response = client.get(reverse("opendata:download", args=["xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert any("Pratica invisibile" in row for row in rows)


def test_the_admin_refuses_a_control_character_and_names_the_field(staff_client, practice):
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = admin_form(staff_client, url)
    assert data["title"] == practice.title  # the form was read back whole
    data["aims"] = "Finalità\x02 nascoste"
    response = staff_client.post(url, data)
    assert response.status_code == 200 and MESSAGE in response.text
    practice.refresh_from_db()
    assert practice.aims == "Sostenere la genitorialità.\n\nPrevenire il disagio."
    data["aims"] = "Finalità\tcon tabulazione\r\n\r\nsu due paragrafi"
    assert staff_client.post(url, data).status_code == 302


def test_an_import_with_a_control_character_in_one_row_imports_nothing(staff_client, reference_data):
    content = _csv([
        ("prima", "Prima pratica", "072006", "Finalità pulite."),
        ("seconda", "Seconda pratica", "072011", "Finalità\x02 nascoste."),
    ], headers=("identificativo", "titolo", "ente_capofila", "finalita"))
    response = admin_import(staff_client, content, "csv")
    result = response.context["result"]
    [invalid] = result.invalid_rows
    assert invalid.number == 3 and "finalita" in invalid.error_dict  # the spreadsheet's row, the file's column
    page = response.content.decode()
    assert MESSAGE in page
    assert Practice.objects.count() == 0


def document_form(client, practice, name, content):
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = admin_form(client, url)
    prefix = "documents"
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-practice": str(practice.pk),
                 f"{prefix}-0-kind": str(DocumentKind.objects.get(slug="relazione").pk),
                 f"{prefix}-0-title": "Documento", f"{prefix}-0-position": "0",
                 f"{prefix}-0-file": SimpleUploadedFile(name, content)})
    return client.post(url, data)


@pytest.mark.parametrize("name, content, message", [
    ("page.html", b"<html><script>alert(document.cookie)</script></html>", "non è di un tipo ammesso"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "non è di un tipo ammesso"),
    ("finto.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "non corrisponde a un file PDF"),
])
def test_the_admin_cannot_attach_markup_to_a_practice(staff_client, practice, name, content, message):
    response = document_form(staff_client, practice, name, content)
    assert response.status_code == 200 and message in response.text
    assert not PracticeDocument.objects.exists()


def test_an_admin_document_is_served_as_a_safe_download(client, django_user_model, practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff_client = Client()
    staff_client.force_login(django_user_model.objects.create_superuser("capo", "capo@example.org", "x" * 20))
    response = document_form(staff_client, practice, "relazione.pdf", pdf_bytes())
    assert response.status_code == 302
    document = PracticeDocument.objects.get()
    assert document.file.name == "pratiche/con-carattere/relazione.pdf"
    for url in (f"/media/{document.file.name}", reverse("catalogue:document", args=[practice.slug, document.pk])):
        served = client.get(url)
        assert served.status_code == 200 and b"".join(served.streaming_content) == pdf_bytes()
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"].startswith("attachment")
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    practice.unpublish()
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert staff_client.get(f"/media/{document.file.name}").status_code == 200


def test_media_serves_no_file_that_is_not_a_practice_document(client, practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    PracticeDocument.objects.create(practice=practice, kind=DocumentKind.objects.get(slug="relazione"),
                                    title="Vecchio", file=ContentFile(b"<html>", name="vecchio.html"))
    (tmp_path / "pratiche" / "con-carattere" / "page.html").write_bytes(b"<html><script></script></html>")
    assert client.get("/media/pratiche/con-carattere/page.html").status_code == 404
    stored = client.get("/media/pratiche/con-carattere/vecchio.html")
    # A file stored before the checks existed still never renders: a download of unknown type.
    assert stored["Content-Type"] == "application/octet-stream"
    assert stored["Content-Disposition"].startswith("attachment")
    assert stored["Content-Security-Policy"] == "default-src 'none'; sandbox"
