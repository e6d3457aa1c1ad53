"""Attachment checks: only PDF, ODT, DOCX, PNG and JPEG, recognised by their content.

The extension must match what the bytes are, and the file must parse as that type: a
renamed executable, an HTML page called .pdf or a PDF/HTML polyglot is refused.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# extension -> content type it must turn out to be
ALLOWED = {
    ".pdf": "application/pdf",
    ".odt": ODT_MIME,
    ".docx": DOCX_MIME,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ALLOWED_LABEL = "PDF, ODT, DOCX, PNG, JPEG"
ACCEPT_ATTRIBUTE = ",".join([*ALLOWED, *sorted(set(ALLOWED.values()))])
# Markup that has no business at the start of a document a browser might be tricked into rendering.
MARKUP_SIGNS = (b"<html", b"<script", b"<!doctype", b"<svg", b"<body", b"<iframe")


@dataclass
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def max_bytes():
    return settings.SUBMISSIONS_MAX_UPLOAD_MB * 1024 * 1024


def _sniff(head):
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _check_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if any(sign in data[:4096].lower() for sign in MARKUP_SIGNS) or b"%%EOF" not in data[-2048:]:
        raise ValueError
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise ValueError
        if len(reader.pages) < 1:
            raise ValueError
    except (PdfReadError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise ValueError from None


def _check_zip_document(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIME.encode() and "content.xml" in names:
            return ODT_MIME
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX_MIME
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        pass
    raise ValueError


def _check_image(data):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValueError from None


def check_upload(upload):
    """Return what the file is, or raise ValidationError with a message for the officer."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Il file «%(name)s» non è di un tipo ammesso. Tipi ammessi: %(types)s.")
            % {"name": name, "types": ALLOWED_LABEL}, code="type")
    if upload.size > max_bytes():
        raise ValidationError(
            _("Il file «%(name)s» supera la dimensione massima di %(mb)s MB.")
            % {"name": name, "mb": settings.SUBMISSIONS_MAX_UPLOAD_MB}, code="size")
    if upload.size == 0:
        raise ValidationError(_("Il file «%(name)s» è vuoto.") % {"name": name}, code="empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    expected = ALLOWED[extension]
    refused = ValidationError(
        _("Il contenuto di «%(name)s» non corrisponde a un file %(type)s valido: il file è stato rifiutato.")
        % {"name": name, "type": extension.lstrip(".").upper()}, code="content")
    sniffed = _sniff(data[:16])
    try:
        if sniffed == "application/pdf" and expected == sniffed:
            _check_pdf(data)
        elif sniffed in {"image/png", "image/jpeg"} and expected == sniffed:
            _check_image(data)
        elif sniffed == "zip" and expected in {ODT_MIME, DOCX_MIME}:
            if _check_zip_document(data) != expected:
                raise ValueError
        else:
            raise ValueError
    except ValueError:
        raise refused from None
    try:
        safe_name = get_valid_filename(name)[-200:]
    except SuspiciousFileOperation:
        safe_name = f"allegato{extension}"
    return CheckedFile(name=safe_name, content_type=expected, size=len(data),
                       sha256=hashlib.sha256(data).hexdigest())
