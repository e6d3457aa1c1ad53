"""Files uploaded for programmes, calls for funding and agreements are served by /media/ as the
practices' and bodies' are: linked from the programme's page, always a safe download, and only
files that are such a document."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from funding.models import Agreement, AgreementDocument, FundingCall, FundingCallDocument, ProgrammeDocument
from funding.tests.factories import ProgrammeFactory
from practices.models import DocumentKind
from submissions.tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(db):
    call_command("load_taxonomies", verbosity=0)
    return {slug: DocumentKind.objects.get(slug=slug) for slug in ("avviso", "convenzione", "delibera")}


def test_the_funding_chain_documents_are_served_as_safe_downloads_from_the_programme_page(
        client, kinds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory(name="Fondo Povertà", slug="fondo-poverta")
    call = FundingCall.objects.create(programme=programme, code="1/2017", title="Avviso 1/2017")
    agreement = Agreement.objects.create(programme=programme, code="AV1-2017-TEST_01")
    documents = [
        ProgrammeDocument.objects.create(programme=programme, kind=kinds["delibera"], title="Decreto di riparto",
                                         file=ContentFile(pdf_bytes(), name="riparto.pdf")),
        FundingCallDocument.objects.create(funding_call=call, kind=kinds["avviso"], title="Testo dell'avviso",
                                           file=ContentFile(pdf_bytes(), name="avviso.pdf")),
        AgreementDocument.objects.create(agreement=agreement, kind=kinds["convenzione"], title="Convenzione firmata",
                                         file=ContentFile(pdf_bytes(), name="convenzione.pdf")),
    ]
    page = client.get(programme.get_absolute_url()).content.decode()
    for document in documents:
        assert document.file.url.startswith("/media/programmi/fondo-poverta/")
        assert f'href="{document.file.url}"' in page
        served = client.get(document.file.url)
        assert served.status_code == 200 and b"".join(served.streaming_content) == pdf_bytes()
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"].startswith("attachment")
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_media_serves_no_file_of_the_programmes_folder_that_is_not_a_document(client, kinds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory(slug="fondo-poverta")
    ProgrammeDocument.objects.create(programme=programme, kind=kinds["delibera"], title="Vecchio",
                                     file=ContentFile(b"<html>", name="vecchio.html"))
    (tmp_path / "programmi" / "fondo-poverta" / "page.html").write_bytes(b"<html><script></script></html>")
    assert client.get("/media/programmi/fondo-poverta/page.html").status_code == 404
    stored = client.get("/media/programmi/fondo-poverta/vecchio.html")
    assert stored["Content-Type"] == "application/octet-stream"
    assert stored["Content-Disposition"].startswith("attachment")
