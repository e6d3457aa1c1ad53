"""Attachments: only real PDF, ODT, DOCX and images, by content; served only to who may see them."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practices.models import DocumentKind
from submissions.models import CandidacyAttachment

from .factories import draft, pdf_bytes

pytestmark = pytest.mark.django_db


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odt_bytes():
    return zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})


def upload(client, candidacy, name, content, title="Documento"):
    return client.post(reverse("submissions:attachments", args=[candidacy.uuid]), {
        "kind": DocumentKind.objects.get(slug="relazione").pk, "title": title,
        "file": SimpleUploadedFile(name, content), "publishable": "on",
    })


@pytest.fixture
def empty_draft(call, officer):
    return draft(call, officer, complete=False)


@pytest.mark.parametrize("name, content, content_type", [
    ("relazione.pdf", pdf_bytes(), "application/pdf"),
    ("Relazione Finale.PDF", pdf_bytes(2), "application/pdf"),
    ("foto.png", png_bytes(), "image/png"),
    ("foto.jpg", jpeg_bytes(), "image/jpeg"),
    ("delibera.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("delibera.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
])
def test_allowed_files_are_accepted(officer_client, empty_draft, name, content, content_type):
    response = upload(officer_client, empty_draft, name, content)
    assert response.status_code == 302
    attachment = CandidacyAttachment.objects.get()
    assert attachment.content_type == content_type and attachment.size == len(content)
    assert attachment.original_name == name.replace(" ", "_")
    assert not attachment.file.name.startswith("static")
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


HOSTILE = [
    ("programma.exe", b"MZ\x90\x00" + b"\x00" * 100, "non è di un tipo ammesso"),
    ("relazione.pdf", b"MZ\x90\x00" + b"\x00" * 100, "non corrisponde"),
    ("relazione.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "non corrisponde"),
    ("poliglotta.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n", "non corrisponde"),
    ("immagine.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "non corrisponde"),
    ("foto.jpg", png_bytes(), "non corrisponde"),
    ("finto.docx", zip_bytes({"leggimi.txt": "ciao"}), "non corrisponde"),
    ("finto.odt", docx_bytes(), "non corrisponde"),
    ("troncato.pdf", pdf_bytes()[:200], "non corrisponde"),
    ("vuoto.pdf", b"", "vuoto"),
    ("pagina.html", b"<html></html>", "non è di un tipo ammesso"),
    ("senza-estensione", pdf_bytes(), "non è di un tipo ammesso"),
]


@pytest.mark.parametrize("name, content, message", HOSTILE)
def test_hostile_files_are_refused_with_a_clear_message(officer_client, empty_draft, name, content, message):
    response = upload(officer_client, empty_draft, name, content, title="Titolo da non perdere")
    assert response.status_code == 400
    assert message in response.text and "Titolo da non perdere" in response.text
    assert not CandidacyAttachment.objects.exists()


def test_oversized_files_are_refused(officer_client, empty_draft, settings):
    settings.SUBMISSIONS_MAX_UPLOAD_MB = 1
    big = pdf_bytes()[:-6] + b" " * (1024 * 1024) + b"\n%%EOF\n"
    response = upload(officer_client, empty_draft, "grande.pdf", big)
    assert response.status_code == 400 and "dimensione massima di 1 MB" in response.text
    assert not CandidacyAttachment.objects.exists()


def test_file_names_are_sanitised(officer_client, empty_draft):
    upload(officer_client, empty_draft, "../../etc/pass wd<script>.pdf", pdf_bytes())
    attachment = CandidacyAttachment.objects.get()
    assert "/" not in attachment.original_name and "<" not in attachment.original_name
    assert attachment.file.name.startswith(f"candidature/{empty_draft.uuid}/")


def test_download_is_an_attachment_with_the_right_type(officer_client, candidacy):
    attachment = candidacy.attachments.get()
    response = officer_client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_who_may_download(client, candidacy, other_officer, reviewer, region_staff):
    url = candidacy.attachments.get().get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    for staff in (reviewer, region_staff):
        client.force_login(staff)
        assert client.get(url).status_code == 200


def test_attachments_are_not_reachable_as_media(client, candidacy):
    attachment = candidacy.attachments.get()
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get("/static/" + attachment.file.name).status_code == 404


def test_a_submitted_attachment_cannot_be_deleted(officer_client, candidacy, officer, reviewer):
    from submissions import workflow

    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    workflow.perform(candidacy, "request_integration", reviewer, note="Integrare",
                     deadline=timezone.now() + timedelta(days=5))
    attachment = candidacy.attachments.get()
    response = officer_client.post(reverse("submissions:attachment_delete", args=[candidacy.uuid, attachment.pk]),
                                   follow=True)
    assert "non si può eliminare" in response.text
    assert candidacy.attachments.count() == 1
