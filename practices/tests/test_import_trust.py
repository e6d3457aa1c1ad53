"""The practice import as a person with a spreadsheet meets it (buonepratiche/imports.py): Italian
numbers, dates and yes/no, ISTAT codes that a spreadsheet turned into numbers, errors in Italian
naming the row and the file's column, nothing imported when one row is wrong, repeated
identifiers refused, the same length limits on SQLite as on PostgreSQL, link documents in the
same file, and publication dates that are never left empty nor wiped."""

import io
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from practices.models import Comune, DocumentKind, Practice, PracticeDocument

from .factories import PracticeFactory
from .test_import_export import admin_export, admin_import

pytestmark = pytest.mark.django_db

ENGLISH = ("Some rows failed to validate", "Import finished", "Non field specific", "Please correct these errors",
           ">Row<", "decimal.ConversionSyntax")


def csv_file(headers, rows):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data.export("csv").encode()


def xlsx_file(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def assert_italian(page):
    for english in ENGLISH:
        assert english not in page, english


def preview(client, content, fmt="csv"):
    """The import page after the upload: the preview, or the errors."""
    return admin_import(client, content, fmt, confirm=False)


def test_italian_amounts_are_read_in_every_usual_form(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila", "budget_complessivo", "finanziamenti")
    response = admin_import(staff_client, csv_file(headers, [
        ("a", "A", "072006", "275.338,66", "Fondo povertà | nazionale | 1.500,50 | 2023"),
        ("b", "B", "072006", "275338,66", ""),
        ("c", "C", "072006", "275338.66", ""),
        ("d", "D", "072006", "€ 1.000", ""),
        ("e", "E", "072006", "1.000.000", ""),
    ]), "csv")
    page = response.content.decode()
    assert "Importazione completata" in page
    assert_italian(page)
    budgets = dict(Practice.objects.values_list("slug", "total_budget"))
    assert budgets == {"a": Decimal("275338.66"), "b": Decimal("275338.66"), "c": Decimal("275338.66"),
                       "d": Decimal("1000"), "e": Decimal("1000000")}
    assert Practice.objects.get(slug="a").funding.get().assigned() == Decimal("1500.50")


def test_a_wrong_amount_is_an_italian_error_naming_row_and_column(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila", "budget_complessivo")
    response = preview(staff_client, csv_file(headers, [
        ("a", "A", "072006", "1.000"), ("b", "B", "072006", "mille euro"),
    ]))
    page = response.content.decode()
    assert "Riga 3, colonna «budget_complessivo»: «mille euro» non è un numero valido" in page
    assert_italian(page)
    assert "Alcune righe contengono errori" in page
    assert Practice.objects.count() == 0


def test_istat_codes_read_as_numbers_from_a_spreadsheet_keep_their_comune(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila", "partner", "pubblicata",
               "pubblicata_il", "poverta_educative")
    content = xlsx_file(headers, [
        ("numero", "Codice numerico", 72006, 72011, "sì", datetime(2024, 12, 31, 10, 30), "x"),
        ("decimale", "Codice decimale", 72006.0, "72011\n072006", "vero", "31/12/2024", "no"),
        ("testo", "Codice con zeri", "072006", "", 1, "2024-12-31", 0),
    ])
    response = admin_import(staff_client, content, "xlsx")
    assert "Importazione completata" in response.content.decode()
    for slug in ("numero", "decimale", "testo"):
        practice = Practice.objects.get(slug=slug)
        assert practice.lead.comune.istat_code == "072006"
        assert practice.is_published
        assert timezone.localtime(practice.published_at).date().isoformat() == "2024-12-31"
    assert timezone.localtime(Practice.objects.get(slug="numero").published_at).hour == 10
    assert sorted(Practice.objects.get(slug="decimale").participants.values_list("body__comune__istat_code",
                                                                                 flat=True)) == [
        "072006", "072011"]
    assert list(Practice.objects.filter(educational_poverty=True).values_list("slug", flat=True)) == ["numero"]


def test_an_impossible_istat_code_says_what_a_code_looks_like(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila")
    response = preview(staff_client, xlsx_file(headers, [("a", "A", 7200612), ("b", "B", "72.5")]), "xlsx")
    page = response.content.decode()
    assert "Riga 2, colonna «ente_capofila»: «7200612» non è un codice ISTAT di comune" in page
    assert "Riga 3, colonna «ente_capofila»: «72.5» non è un codice ISTAT di comune" in page
    assert "072006" in page
    assert Practice.objects.count() == 0


def test_a_repeated_identifier_is_an_error_naming_both_rows(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila")
    response = preview(staff_client, csv_file(headers, [
        ("prima", "Prima", "072006"), ("seconda", "Seconda", "072006"), ("prima", "Ancora la prima", "072011"),
    ]))
    page = response.content.decode()
    assert "Riga 4, colonna «identificativo»: «prima» compare anche alla riga 2" in page
    assert Practice.objects.count() == 0


def test_a_file_without_the_identifying_column_is_refused_in_italian(staff_client, reference_data):
    response = preview(staff_client, csv_file(("titolo", "ente_capofila"), [("A", "072006")]))
    assert "Il file non ha la colonna «identificativo», che identifica ogni riga." in response.content.decode()
    assert Practice.objects.count() == 0


def test_texts_longer_than_the_database_allows_are_refused_on_every_database(staff_client, reference_data):
    """PostgreSQL refuses a 472-character note in a 255 column; SQLite would store it: the import
    checks first, so both refuse, in Italian, naming row and column."""
    headers = ("identificativo", "titolo", "ente_capofila", "finanziamenti")
    long_text = "x" * 472
    response = preview(staff_client, csv_file(headers, [
        ("a", "t" * 501, "072006", ""),
        ("b", "B", "072006", f"Fondo | regionale | 10 | 2023 | {long_text}"),
    ]))
    page = response.content.decode()
    assert "Riga 2, colonna «titolo»: Assicurati che questo valore non contenga più di 500 caratteri (ne ha 501)" \
        in page
    assert ("Riga 3, colonna «finanziamenti»: Voce 1, nota: Assicurati che questo valore non contenga più di 255 "
            "caratteri (ne ha 472)") in page
    assert_italian(page)
    assert Practice.objects.count() == 0


def test_one_bad_row_among_30_imports_nothing_even_when_confirmed(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila", "anno_avvio")
    rows = [(f"pratica-{n}", f"Pratica {n}", "072006", "2021") for n in range(30)]
    rows[16] = ("pratica-16", "Pratica 16", "072006", "duemila")
    response = preview(staff_client, csv_file(headers, rows))
    page = response.content.decode()
    assert "Riga 18, colonna «anno_avvio»: «duemila» non è un numero valido" in page
    assert Practice.objects.count() == 0

    # Valid at the preview, invalid at the confirmation (the data changed in between): nothing either.
    rows[16] = ("pratica-16", "Pratica 16", "072006", "2021")
    response = preview(staff_client, csv_file(headers, rows))
    confirm = response.context["confirm_form"]
    data = {name: confirm.initial.get(name, field.initial) for name, field in confirm.fields.items()}
    Comune.objects.filter(istat_code="072006").update(istat_code="072999")
    done = staff_client.post(reverse("admin:practices_practice_process_import"), data, follow=True)
    page = done.content.decode()
    assert "Importazione annullata, nessuna riga è stata importata" in page
    assert "Riga 2, colonna «ente_capofila»" in page
    assert Practice.objects.count() == 0


def test_the_import_pages_speak_italian(staff_client, reference_data):
    page = staff_client.get(reverse("admin:practices_practice_import")).content.decode()
    assert "Verranno importati i seguenti campi" in page and "Invia" in page
    headers = ("identificativo", "titolo", "ente_capofila")
    response = preview(staff_client, csv_file(headers, [("a", "A", "072006")]))
    page = response.content.decode()
    assert "Conferma importazione" in page and "Nuova" in page
    assert_italian(page)
    done = admin_import(staff_client, csv_file(headers, [("b", "B", "072006")]), "csv").content.decode()
    assert "Importazione completata (pratiche): righe nuove 1, aggiornate 0, eliminate 0, saltate 0." in done
    assert_italian(done)


# Link documents in the practice file.

def test_link_documents_come_in_the_same_file_and_go_out_again(staff_client, reference_data):
    long_title = "Avviso pubblico per " + "la presentazione di proposte progettuali " * 11
    assert 400 < len(long_title) <= 1000
    headers = ("identificativo", "titolo", "ente_capofila", "documenti")
    cell = "\n".join([
        f"{long_title.strip()} | https://example.org/avviso.pdf | avviso",
        "Pagina del progetto | https://example.org/progetto | Pagina web",
        "Scheda | https://example.org/scheda",
    ])
    response = admin_import(staff_client, csv_file(headers, [("con-documenti", "Con documenti", "072006", cell)]),
                            "csv")
    assert "Importazione completata" in response.content.decode()
    practice = Practice.objects.get(slug="con-documenti")
    documents = list(practice.documents.values_list("title", "url", "kind__slug", "position"))
    assert documents == [
        (long_title.strip(), "https://example.org/avviso.pdf", "avviso", 0),
        ("Pagina del progetto", "https://example.org/progetto", "pagina-web", 1),
        ("Scheda", "https://example.org/scheda", "altro", 2),
    ]
    # An uploaded file is managed in the practice's page: the import leaves it alone.
    PracticeDocument.objects.create(practice=practice, kind=DocumentKind.objects.get(slug="delibera"),
                                    title="Delibera caricata", file="pratiche/con-documenti/delibera.pdf")

    exported = tablib.Dataset().load(admin_export(staff_client, "csv").decode(), format="csv")
    assert exported.dict[0]["documenti"] == cell.replace("Pagina web", "pagina-web") + " | altro"
    admin_import(staff_client, admin_export(staff_client, "xlsx"), "xlsx")
    # The links are written anew, in the file's order; at equal position the older document comes first.
    assert list(practice.documents.values_list("title", "url", "kind__slug", "position")) == [
        ("Delibera caricata", "", "delibera", 0), *documents]


def test_a_wrong_document_line_is_reported_on_the_documents_column(staff_client, reference_data):
    headers = ("identificativo", "titolo", "ente_capofila", "documenti")
    response = preview(staff_client, csv_file(headers, [
        ("a", "A", "072006", "Titolo | non è un indirizzo"),
        ("b", "B", "072006", "Solo un titolo"),
        ("c", "C", "072006", "Titolo | https://example.org | inventato"),
        ("d", "D", "072006", f"{'t' * 1001} | https://example.org"),
    ]))
    page = response.content.decode()
    assert "Riga 2, colonna «documenti»: Voce 1, indirizzo web: Inserisci un URL valido" in page
    assert "Riga 3, colonna «documenti»: Voce 1: servono il titolo e l&#x27;indirizzo web" in page
    assert "Riga 4, colonna «documenti»: Voce 1: «inventato» non è un tipo di documento" in page
    assert "Riga 5, colonna «documenti»: Voce 1, titolo: Assicurati che questo valore non contenga più di 1000" \
        in page
    assert Practice.objects.count() == 0


def test_the_document_kinds_of_the_issue_are_loaded(reference_data):
    assert {"avviso", "delibera", "determina", "convenzione", "modulo", "pagina-web", "relazione", "capitolato",
            "protocollo-intesa"} <= set(DocumentKind.objects.values_list("slug", flat=True))


def test_thirty_short_form_practices_from_several_regions_with_their_links_in_one_file(staff_client,
                                                                                       reference_data):
    call_command("load_comuni", "--region", "03", verbosity=0)
    call_command("load_comuni", "--region", "12", verbosity=0)
    places = [(15146, "milano"), (16024, "bergamo"), ("058091", "roma"), (72006, "bari"), ("72011", "bitonto")]
    headers = ("identificativo", "titolo", "ente_capofila", "finalita", "pubblicata", "documenti")
    rows = [
        (f"pratica-{place}-{n}", f"Pratica breve {n} di {place.title()}", code,
         f"Un paragrafo che descrive la pratica {n}.", "sì",
         f"Scheda della raccolta | https://example.org/{place}/{n}\nDelibera | https://example.org/{place}/{n}.pdf"
         " | delibera")
        for n in range(6) for code, place in places
    ]
    assert len(rows) == 30
    response = admin_import(staff_client, xlsx_file(headers, rows), "xlsx")
    assert "Importazione completata (pratiche): righe nuove 30" in response.content.decode()
    assert Practice.objects.count() == 30 and PracticeDocument.objects.count() == 60
    assert not Practice.objects.filter(published_at__isnull=True).exists()
    lombardy = set(Practice.objects.filter(lead__comune__province__region__istat_code="03")
                   .values_list("slug", flat=True))
    assert len(lombardy) == 12
    page = staff_client.get("/pratiche/", {"regione": "03"}).content.decode()
    assert page.count("Pratica breve") >= 12 and "di Roma" not in page and "di Bari" not in page
    milano = Practice.objects.get(slug="pratica-milano-0")
    detail = staff_client.get(milano.get_absolute_url()).content.decode()
    assert "https://example.org/milano/0.pdf" in detail


# Publication dates.

def test_published_without_a_date_gets_the_time_of_publication_and_a_reimport_never_clears_it(staff_client,
                                                                                              reference_data):
    before = timezone.now().replace(microsecond=0)
    headers = ("identificativo", "titolo", "ente_capofila", "pubblicata", "pubblicata_il")
    admin_import(staff_client, csv_file(headers, [
        ("senza-data", "Senza data", "072006", "1", ""),
        ("con-data", "Con data", "072006", "1", "31/12/2020"),
        ("bozza", "Bozza", "072006", "0", ""),
    ]), "csv")
    dates = dict(Practice.objects.values_list("slug", "published_at"))
    assert dates["senza-data"] >= before
    assert timezone.localtime(dates["con-data"]).date().isoformat() == "2020-12-31"
    assert dates["bozza"] is None

    # Re-imported with the date cells empty (and the flag too, for one): every date stays.
    admin_import(staff_client, csv_file(headers, [
        ("senza-data", "Senza data", "072006", "1", ""), ("con-data", "Con data", "072006", "", ""),
    ]), "csv")
    assert dict(Practice.objects.values_list("slug", "published_at")) == dates
    assert Practice.objects.get(slug="con-data").is_published


def test_the_home_page_orders_imported_practices_by_their_dates(client, staff_client, reference_data):
    PracticeFactory(slug="del-2022", title="Pratica del 2022", is_published=True,
                    published_at=timezone.make_aware(datetime(2022, 6, 1)))
    headers = ("identificativo", "titolo", "ente_capofila", "pubblicata", "pubblicata_il")
    admin_import(staff_client, csv_file(headers, [
        ("del-2020", "Pratica del 2020", "072006", "sì", "2020-01-15"),
        ("di-oggi", "Pratica di oggi", "072006", "sì", ""),
    ]), "csv")
    page = client.get("/").content.decode()
    positions = [page.index(title) for title in ("Pratica di oggi", "Pratica del 2022", "Pratica del 2020")]
    assert positions == sorted(positions)


def test_the_publish_action_dates_and_counts_every_practice_it_publishes(staff_client, reference_data):
    first = PracticeFactory(slug="uno", is_published=False, published_at=None)
    second = PracticeFactory(slug="due", is_published=False, published_at=None)
    already = PracticeFactory(slug="gia", is_published=True)
    response = staff_client.post(reverse("admin:practices_practice_changelist"), {
        "action": "publish_selected", "_selected_action": [first.pk, second.pk, already.pk],
    }, follow=True)
    assert "2 pratiche pubblicate." in response.content.decode()
    assert not Practice.objects.filter(is_published=True, published_at__isnull=True).exists()
    assert Practice.objects.filter(is_published=True).count() == 3


def test_the_change_form_never_leaves_a_published_practice_without_a_date(staff_client, reference_data):
    practice = PracticeFactory(slug="modulo", is_published=True, published_at=timezone.make_aware(datetime(2020, 1, 1)))
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    page = staff_client.get(url)
    data = {}
    for form in [page.context["adminform"].form, *(f for inline in page.context["inline_admin_formsets"]
                                                   for f in [inline.formset.management_form])]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list):
                data[key] = [getattr(item, "pk", item) for item in value]
            elif hasattr(field, "widget") and field.widget.__class__.__name__ == "SplitDateTimeWidget":
                continue
            else:
                data[key] = getattr(value, "pk", value)
    data.update({"published_at_0": "", "published_at_1": ""})  # the date cleared
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.is_published and practice.published_at.year > 2020


def test_the_database_refuses_a_published_practice_without_a_date(reference_data):
    practice = PracticeFactory(is_published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(published_at=None)


# The documents' own import: link documents for many existing practices at once.

def _documents_import(client, content, fmt="csv", confirm=True):
    url = reverse("admin:practices_practicedocument_import")
    form = client.get(url).context["form"]
    fmt_index = next(value for value, label in form.fields["format"].choices if label.lower() == fmt)
    response = client.post(url, {"import_file": SimpleUploadedFile(f"documenti.{fmt}", content),
                                 "format": fmt_index, "resource": "0"})
    result = response.context["result"]
    if not confirm or result.has_errors() or result.has_validation_errors():
        return response
    confirm_form = response.context["confirm_form"]
    data = {name: confirm_form.initial.get(name, field.initial) for name, field in confirm_form.fields.items()}
    return client.post(reverse("admin:practices_practicedocument_process_import"), data, follow=True)


def test_documents_of_many_practices_import_and_export_on_their_own(staff_client, reference_data):
    PracticeFactory(slug="prima"), PracticeFactory(slug="seconda")
    headers = ("pratica", "tipo", "titolo", "url", "ordine")
    response = _documents_import(staff_client, xlsx_file(headers, [
        ("prima", "Avviso", "Avviso pubblico n. 1", "https://example.org/1.pdf", 1),
        ("prima", "delibera", "Delibera di approvazione", "https://example.org/2.pdf", 2),
        ("seconda", "", "Pagina del Comune", "https://example.org/comune", None),
    ]), "xlsx")
    assert "Importazione completata (documenti): righe nuove 3" in response.content.decode()
    assert list(PracticeDocument.objects.order_by("practice__slug", "position").values_list(
        "practice__slug", "kind__slug", "title", "position")) == [
        ("prima", "avviso", "Avviso pubblico n. 1", 1), ("prima", "delibera", "Delibera di approvazione", 2),
        ("seconda", "altro", "Pagina del Comune", 0)]

    # Identified by practice and address: the same link again updates it, twice in a file is refused.
    _documents_import(staff_client, csv_file(headers, [
        ("prima", "avviso", "Avviso pubblico n. 1 (rettificato)", "https://example.org/1.pdf", "1")]))
    assert PracticeDocument.objects.count() == 3
    assert PracticeDocument.objects.filter(title="Avviso pubblico n. 1 (rettificato)").exists()
    page = _documents_import(staff_client, csv_file(headers, [
        ("prima", "avviso", "A", "https://example.org/x", ""), ("seconda", "avviso", "B", "https://example.org/y", ""),
        ("prima", "delibera", "C", "https://example.org/x", ""),
        ("nessuna", "avviso", "D", "https://example.org/z", ""),
    ]), confirm=False).content.decode()
    assert "Riga 4, colonna «pratica»: «prima / https://example.org/x» compare anche alla riga 2" in page
    assert "Riga 5, colonna «pratica»: «nessuna» non corrisponde a nessun elemento di «pratica»" in page
    assert PracticeDocument.objects.count() == 3

    url = reverse("admin:practices_practicedocument_export")
    form = staff_client.get(url).context["form"]
    data = {"format": next(v for v, label in form.fields["format"].choices if label.lower() == "csv"), "resource": "0"}
    data.update({n: "on" for n, f in form.fields.items() if getattr(f, "is_selectable_field", False)})
    exported = tablib.Dataset().load(staff_client.post(url, data).content.decode(), format="csv")
    assert exported.headers == list(headers)
    assert [row["url"] for row in exported.dict] == [
        "https://example.org/1.pdf", "https://example.org/2.pdf", "https://example.org/comune"]
