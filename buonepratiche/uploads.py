"""Upload checks: only PDF, ODT, DOCX, PNG and JPEG, recognised by their content.

The extension must match what the bytes are, and the file must parse as that type: a
renamed executable, an HTML page called .pdf or a PDF/HTML polyglot is refused. Archives
(ODT, DOCX) are unpacked in chunks under caps on entries, unpacked size and ratio, so a
1 MB "zip bomb" is refused after a few megabytes of work instead of filling a worker's
memory; documents that run code when opened (Word macros, PDF JavaScript or launch
actions) are refused. Every upload path uses check_upload: officers' attachments, and the
practice documents of the admin or anything else saved through full_clean (validate_upload
on the model field).
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse
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
# Archive caps: real DOCX/ODT files of up to SUBMISSIONS_MAX_UPLOAD_MB hold a few hundred
# entries that unpack to a few tens of MB, text compressing at most about 1:20. Entries bigger
# than RATIO_FROM_BYTES must not unpack to more than MAX_RATIO times their compressed size.
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
KEPT_ENTRY_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024
# The parts that carry macros: Word's VBA project (anywhere), LibreOffice Basic and scripts.
MACRO_FILES = ("vbaproject.bin", "vbadata.xml")
MACRO_FOLDERS = ("basic/", "scripts/")
# PDF keys and action types that run code or programs when the document is opened or used.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch"}
PDF_MAX_OBJECTS = 200_000
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


class Refused(ValueError):
    """A file recognised for what it is, and refused for what it does: "bomb", "entries",
    "macro" or "active" (check_upload turns the reason into the message)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _refusal_message(reason, name):
    messages = {
        "bomb": _("Il file «%(name)s» è un archivio compresso anomalo (il contenuto decompresso è troppo "
                  "grande): per sicurezza è stato rifiutato."),
        "entries": _("Il file «%(name)s» è un archivio compresso anomalo (contiene troppi elementi): "
                     "per sicurezza è stato rifiutato."),
        "macro": _("Il file «%(name)s» contiene macro: per sicurezza è stato rifiutato. "
                   "Salvarlo senza macro e ricaricarlo."),
        "active": _("Il file «%(name)s» contiene codice JavaScript o azioni che avviano programmi: per "
                    "sicurezza è stato rifiutato. Stamparlo o esportarlo di nuovo in PDF e ricaricarlo."),
    }
    return messages[reason] % {"name": name}


def _active_content(value, depth=0):
    """True if this PDF object (without following indirect references) holds JavaScript or a
    launch action: as a key (/JS, /JavaScript in a names tree) or as an action type (/S /Launch)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 64 or isinstance(value, IndirectObject):
        return False
    if isinstance(value, DictionaryObject):
        if PDF_ACTIVE_KEYS.intersection(value.keys()):
            return True
        action = value.get("/S")
        if isinstance(action, NameObject) and action in PDF_ACTIVE_KEYS:
            return True
        return any(_active_content(item, depth + 1) for item in value.values())
    if isinstance(value, ArrayObject):
        return any(_active_content(item, depth + 1) for item in value)
    return False


def _refuse_active_pdf(reader):
    """Walk every object of the file (object streams included), not the raw bytes: a name can be
    written with #xx escapes, and compressed object streams hide it from a byte search."""
    from pypdf.generic import IndirectObject

    numbers = {(idnum, generation) for generation, table in reader.xref.items() for idnum in table}
    numbers.update((idnum, 0) for idnum in reader.xref_objStm)
    if len(numbers) > PDF_MAX_OBJECTS:
        raise ValueError
    for idnum, generation in numbers:
        if _active_content(reader.get_object(IndirectObject(idnum, generation, reader))):
            raise Refused("active")
    if _active_content(reader.trailer):
        raise Refused("active")


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
        _refuse_active_pdf(reader)
    except (PdfReadError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise ValueError from None


def _unpack(archive, entry, budget, keep):
    """Read one entry in chunks, return how many bytes it unpacked to and, if keep, the bytes
    (only small entries are kept: mimetype and content types). Refused as soon as it unpacks to
    more than budget or, past RATIO_FROM_BYTES, to more than MAX_RATIO times its
    packed size. The sizes the zip declares are not trusted: the bytes produced are counted."""
    chunks, produced = [], 0
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            produced += len(chunk)
            if produced > budget or (produced > RATIO_FROM_BYTES
                                     and produced > MAX_RATIO * max(entry.compress_size, 1)):
                raise Refused("bomb")
            if keep:
                chunks.append(chunk)
    return produced, b"".join(chunks)


def _check_zip_document(data):
    """Return the type of an ODT or DOCX after unpacking every entry under the caps."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise Refused("entries")
        lowered = [entry.filename.lower() for entry in entries]
        if any(name.endswith(MACRO_FILES) or name.startswith(MACRO_FOLDERS) for name in lowered):
            raise Refused("macro")
        contents, budget = {}, MAX_UNPACKED_BYTES
        for entry in entries:
            keep = entry.filename in {"mimetype", "[Content_Types].xml"}
            limit = min(budget, KEPT_ENTRY_BYTES) if keep else budget
            produced, contents[entry.filename] = _unpack(archive, entry, limit, keep)
            budget -= produced
        if b"macroenabled" in contents.get("[Content_Types].xml", b"").lower():
            raise Refused("macro")
        names = {entry.filename for entry in entries}
        if contents.get("mimetype", b"").strip() == ODT_MIME.encode() and "content.xml" in names:
            return ODT_MIME
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX_MIME
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, NotImplementedError,
            EOFError):
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
    except Refused as refusal:
        raise ValidationError(_refusal_message(refusal.reason, name), code=refusal.reason) from None
    except ValueError:
        raise refused from None
    try:
        safe_name = get_valid_filename(name)[-200:]
    except SuspiciousFileOperation:
        safe_name = f"allegato{extension}"
    return CheckedFile(name=safe_name, content_type=expected, size=len(data),
                       sha256=hashlib.sha256(data).hexdigest())


def validate_upload(value):
    """Model field validator: a newly uploaded file must pass check_upload (the admin's practice
    documents and anything else saved through full_clean). Files already stored are not re-read."""
    if value and not getattr(value, "_committed", True):
        check_upload(value)


def serve_upload(file, filename):
    """A stored upload as a download that no browser renders on the site's origin: attachment,
    the type its extension allows (never HTML or SVG), no sniffing, and a sandbox policy in case
    a browser ever renders it anyway."""
    content_type = ALLOWED.get(Path(filename).suffix.lower(), "application/octet-stream")
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
