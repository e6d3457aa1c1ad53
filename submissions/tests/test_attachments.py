"""Attachments: only real PDF, ODT, DOCX and images, by content; served only to who may see them."""

import io
import struct
import time
import zipfile
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practices.models import DocumentKind
from submissions.models import CandidacyAttachment

from buonepratiche.uploads import ODT_MIME

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


def pdf_with(extra):
    """A valid one-page PDF whose catalogue carries the given entries (actions, names trees)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for key, value in extra(writer).items():
        writer._root_object[NameObject(key)] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript():
    """JavaScript in the document-level names tree, the action an indirect object."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    def names(writer):
        action = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("avvio"), action])})
        return {"/Names": DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})}

    return pdf_with(names)


def pdf_with_launch():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    return pdf_with(lambda writer: {"/OpenAction": DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")})})


def handmade_pdf(comment=b"", catalogue=b"", extra_objects=()):
    """A well-formed one-page PDF written by hand (correct offsets), so tests can put in it what
    pypdf's writer would not: a comment after the header, escaped names."""
    body = b"%PDF-1.4\n" + comment
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalogue + b">>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", *extra_objects]
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def pdf_with_markup_in_header():
    """Markup in a comment after the header: pypdf reads it, so only the markup check refuses it."""
    return handmade_pdf(comment=b"%<html><script>alert(1)</script></html>\n")


def pdf_with_escaped_javascript():
    """/OpenAction to /S /JavaScript with the names written #53 for S: no byte search finds
    "/JavaScript", reading the objects does."""
    return handmade_pdf(catalogue=b"/OpenAction 4 0 R ",
                        extra_objects=[b"<< /#53 /Java#53cript /J#53 (app.alert\\(1\\)) >>"])


def deflated(content):
    """Raw deflate data ending in a full flush: such pieces can be concatenated into one stream."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush(zlib.Z_FULL_FLUSH)


def zip_with_raw_entries(entries):
    """A zip written by hand from (name, raw deflate data, crc, unpacked size): the only way to
    build a 1 GiB bomb in a fraction of a second (zipfile would have to compress the whole GiB)."""
    local, central = b"", b""
    for name, data, crc, size in entries:
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                             len(encoded), 0) + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return local + central + end


def raw_entry(name, head, filler, mebibytes):
    """An entry unpacking to head followed by mebibytes MiB of the filler byte."""
    block = bytes([filler]) * (1 << 20)
    data = deflated(head) + deflated(block) * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(block, crc)
    return name, data, crc, len(head) + len(block) * mebibytes


def odt_bomb(entry="mimetype"):
    """About 1 MB that unpacks to 1 GiB: in the mimetype (the old check read it whole, and its
    strip() made the document pass) or in content.xml."""
    mime = ODT_MIME.encode()
    if entry == "mimetype":
        return zip_with_raw_entries([raw_entry("mimetype", mime, ord(" "), 1024),
                                     raw_entry("content.xml", b"<office:document/>", ord(" "), 0)])
    return zip_with_raw_entries([raw_entry("mimetype", mime, ord(" "), 0),
                                 raw_entry("content.xml", b"<office:document/>", ord(" "), 1024)])


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
    # Each PDF defence on its own: markup in a PDF pypdf reads, and a markup-free PDF it cannot.
    ("commento.pdf", pdf_with_markup_in_header(), "non corrisponde"),
    ("rotto.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
     "non corrisponde"),
    ("rotta.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\xff" * 200, "non corrisponde"),
    ("rotta.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "non corrisponde"),
    ("script.pdf", pdf_with_javascript(), "contiene codice JavaScript"),
    ("avvio.pdf", pdf_with_launch(), "azioni che avviano programmi"),
    ("nascosto.pdf", pdf_with_escaped_javascript(), "contiene codice JavaScript"),
    ("macro.docx", zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
                              "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "contiene macro"),
    ("macro.docx", zip_bytes({"[Content_Types].xml": '<Types><Override ContentType="application/'
                              'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                              "word/document.xml": "<w:document/>"}), "contiene macro"),
    ("macro.odt", zip_bytes({"mimetype": ODT_MIME, "content.xml": "<office:document/>",
                             "Basic/Standard/Module1.xml": "<script:module/>"}), "contiene macro"),
    ("pagina.html", b"<html></html>", "non è di un tipo ammesso"),
    ("senza-estensione", pdf_bytes(), "non è di un tipo ammesso"),
]


@pytest.mark.parametrize("name, content, message", HOSTILE)
def test_hostile_files_are_refused_with_a_clear_message(officer_client, empty_draft, name, content, message):
    response = upload(officer_client, empty_draft, name, content, title="Titolo da non perdere")
    assert response.status_code == 400
    assert message in response.text and "Titolo da non perdere" in response.text
    assert not CandidacyAttachment.objects.exists()


def test_each_pdf_defence_has_a_sample_only_it_refuses():
    """The two PDF samples above each get past one defence, so removing the other fails a test."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from buonepratiche.uploads import MARKUP_SIGNS

    readable = pdf_with_markup_in_header()
    assert len(PdfReader(io.BytesIO(readable), strict=True).pages) == 1
    unreadable = dict((name, content) for name, content, _message in HOSTILE)["rotto.pdf"]
    assert not any(sign in unreadable.lower() for sign in MARKUP_SIGNS) and b"%%EOF" in unreadable
    with pytest.raises((PdfReadError, KeyError, ValueError)):
        PdfReader(io.BytesIO(unreadable), strict=True).pages[0]


@pytest.mark.parametrize("entry", ["mimetype", "content.xml"])
def test_an_archive_bomb_is_refused_quickly(officer_client, empty_draft, entry):
    bomb = odt_bomb(entry)
    assert len(bomb) < 2 * 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo(entry).file_size > 1024 ** 3
    started = time.monotonic()
    response = upload(officer_client, empty_draft, "bomba.odt", bomb)
    assert time.monotonic() - started < 5
    assert response.status_code == 400 and "archivio compresso anomalo" in response.text
    assert not CandidacyAttachment.objects.exists()


def test_the_escaped_javascript_sample_hides_from_a_byte_search():
    from pypdf import PdfReader

    data = pdf_with_escaped_javascript()
    assert b"/JavaScript" not in data and b"/JS" not in data
    assert PdfReader(io.BytesIO(data), strict=True).get_object(4)["/S"] == "/JavaScript"


def test_an_archive_with_too_many_entries_is_refused(officer_client, empty_draft):
    entries = {"mimetype": ODT_MIME, "content.xml": "<office:document/>"}
    entries.update({f"Pictures/{n}.png": "" for n in range(1001)})
    response = upload(officer_client, empty_draft, "molti.odt", zip_bytes(entries))
    assert response.status_code == 400 and "troppi elementi" in response.text


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
