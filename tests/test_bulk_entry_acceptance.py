"""Issue 16's "Done when", entered as staff would: files written by hand (CSV and XLSX, Italian
amounts such as 275.338,66, ISTAT codes with and without their leading zeros) uploaded on the
admin import pages, previewed and confirmed; then each record is looked for where a reader finds
it: its pages, the facets (region and kind of lead included), search, the API and the downloads.

The four cases: 30 short-form practices of four regions with their link documents in one file;
an Ambito of Campania with a Comunità Montana among its members and its yearly quota of a
national fund; a project led by a cooperative with an Ambito and a Comune as partners and a
private foundation's grant; an agreement of a national programme known by its code, with three
avvisi and amounts per year. The data are invented for the tests.
"""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from catalogue.tests.pages import facet, titles
from funding.models import Agreement, Programme
from practices.models import Ambito, Body, Practice, PracticeDocument

pytestmark = pytest.mark.django_db

LIST = "/pratiche/"
API = "/api/v1"


@pytest.fixture
def staff_client(client, django_user_model):
    # force_login also passes the second factor (the root conftest's staff_pass_second_factor).
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org", "password-lunga-1"))
    return client


@pytest.fixture
def territory(db):
    """The regions of the cases, as `make run` loads the country, and the taxonomies."""
    for region in ("03", "12", "15", "16"):
        call_command("load_comuni", "--region", region, verbosity=0)
    call_command("load_taxonomies", verbosity=0)


def csv_file(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_file(headers, rows):
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def upload(client, model, headers, rows, fmt="csv"):
    """The preview page after uploading the file on /admin/<app>/<model>/import/."""
    app_label, model_name = model.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_import")
    form = client.get(url).context["form"]
    [choice] = [value for value, label in form.fields["format"].choices if label.lower() == fmt]
    content = (xlsx_file if fmt == "xlsx" else csv_file)(headers, rows)
    preview = client.post(url, {"import_file": SimpleUploadedFile(f"file.{fmt}", content), "format": choice,
                                "resource": "0"})
    assert preview.status_code == 200
    return preview


def admin_import(client, model, headers, rows, fmt="csv"):
    """Upload the file, check the preview has no error, confirm, and return the page the admin
    lands on."""
    app_label, model_name = model.split(".")
    preview = upload(client, model, headers, rows, fmt)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [row.error_dict for row in result.invalid_rows] or [e.error for _n, errs in result.row_errors() for e in errs])
    confirm = preview.context["confirm_form"]
    data = {name: confirm.initial.get(name, field.initial) for name, field in confirm.fields.items()}
    done = client.post(reverse(f"admin:{app_label}_{model_name}_process_import"), data, follow=True)
    assert "Importazione completata" in done.content.decode()
    return done


def download(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, params):
    return list(csv.DictReader(io.StringIO(download(client, {**params, "formato": "csv"}).decode("utf-8-sig"))))


def xlsx_rows(client, params):
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, {**params, "formato": "xlsx"})), read_only=True).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row)) for row in rows]


def api_results(client, path, params=None):
    response = client.get(f"{API}{path}", params or {})
    assert response.status_code == 200, response.content[:500]
    return response.json()["risultati"]


# (a) 30 short-form practices from four regions, with their link documents, one file, one go.

# (ISTAT code as the spreadsheet holds it, place, region, a word only that place's summaries use)
PLACES = [
    (15146, "Milano", "03", "portierato"),  # read as a number: the leading zero is gone
    ("016024", "Bergamo", "03", "portierato"),
    (58091, "Roma", "12", "cohousing"),
    ("063049", "Napoli", "15", "doposcuola"),
    (65116.0, "Salerno", "15", "doposcuola"),  # a number cell as LibreOffice gives it
    ("72006", "Bari", "16", "mediazione"),
]
SHORT_HEADERS = ("identificativo", "titolo", "sintesi", "ente_capofila", "stato", "pubblicata", "documenti")


def short_form_rows():
    return [
        (f"raccolta-{place.lower()}-{n}", f"Pratica breve {n} di {place}", f"Un servizio di {word} avviato a {place} "
         f"con le associazioni del quartiere ({n}).", code, "in_corso", "sì",
         f"Scheda della raccolta ANCI | https://example.org/{place.lower()}/{n} | pagina-web\n"
         f"Delibera di approvazione | https://example.org/{place.lower()}/{n}.pdf | delibera")
        for code, place, _region, word in PLACES for n in range(5)
    ]


def test_thirty_short_form_practices_of_four_regions_show_everywhere(client, staff_client, territory):
    rows = short_form_rows()
    assert len(rows) == 30
    admin_import(staff_client, "practices.practice", SHORT_HEADERS, rows, fmt="xlsx")
    assert Practice.objects.count() == 30 and PracticeDocument.objects.count() == 60
    assert not Practice.objects.filter(published_at__isnull=True).exists()

    # Facets: four regions, every lead a Comune.
    listing = client.get(LIST)
    assert facet(listing, "regione") == {"03": ("Lombardia", 10), "12": ("Lazio", 5), "15": ("Campania", 10),
                                         "16": ("Puglia", 5)}
    assert facet(listing, "tipo_ente") == {"comune": ("Comune", 30)}
    # A short-form card shows its summary, not an empty "Finalità".
    assert "Un servizio di doposcuola avviato a Napoli" in listing.content.decode()

    campania = client.get(LIST, {"regione": "15"})
    assert titles(campania) == sorted(f"Pratica breve {n} di {place}" for place in ("Napoli", "Salerno")
                                      for n in range(5))
    assert facet(campania, "provincia") == {"NA": ("Napoli", 5), "SA": ("Salerno", 5)}

    # Search finds the summaries' words and the region's name.
    assert titles(client.get(LIST, {"q": "doposcuola"})) == titles(campania)
    # A region's name typed in the search box becomes the region's filter (catalogue/places.py).
    by_name = client.get(LIST, {"q": "Campania"}, follow=True)
    assert "regione=15" in by_name.redirect_chain[0][0] and titles(by_name) == titles(campania)
    assert titles(client.get(LIST, {"q": "Campania", "letterale": "1"})) == titles(campania)
    assert len(titles(client.get(LIST, {"q": "portierato", "regione": "03"}))) == 10

    # The practice's page: summary, region, both links.
    page = client.get("/pratiche/raccolta-salerno-3/").content.decode()
    for text in ("Pratica breve 3 di Salerno", "Un servizio di doposcuola avviato a Salerno", "Campania",
                 "https://example.org/salerno/3", "https://example.org/salerno/3.pdf", "Delibera di approvazione"):
        assert text in page, text

    # The API filters by region and carries summary, region and documents.
    lombardy = api_results(client, "/pratiche/", {"regione": "03"})
    assert sorted(item["identificativo"] for item in lombardy) == sorted(
        f"raccolta-{place}-{n}" for place in ("milano", "bergamo") for n in range(5))
    assert {item["regione"]["nome"] for item in lombardy} == {"Lombardia"}
    [milano] = [item for item in lombardy if item["identificativo"] == "raccolta-milano-0"]
    assert milano["sintesi"].startswith("Un servizio di portierato avviato a Milano")
    detail = client.get(f"{API}/pratiche/raccolta-milano-0/").json()
    assert [d["titolo"] for d in detail["documenti"]] == ["Scheda della raccolta ANCI", "Delibera di approvazione"]

    # Downloads keep the filter, say the region and carry summary and links.
    by_csv = csv_rows(client, {"regione": "15"})
    assert len(by_csv) == 10 and {row["regione"] for row in by_csv} == {"Campania"}
    [napoli] = [row for row in by_csv if row["identificativo"] == "raccolta-napoli-0"]
    assert napoli["sintesi"].startswith("Un servizio di doposcuola") and "https://example.org/napoli/0.pdf" in \
        napoli["documenti"]
    by_xlsx = xlsx_rows(client, {"regione": "12", "tipo_ente": "comune"})
    assert sorted(row["identificativo"] for row in by_xlsx) == [f"raccolta-roma-{n}" for n in range(5)]
    assert {row["regione"] for row in by_xlsx} == {"Lazio"}


# (b) An Ambito of Campania with a Comunità Montana among its members and its yearly allocation
# of a national fund.

def test_an_ambito_of_campania_with_a_comunita_montana_and_its_yearly_fund_allocation(client, staff_client,
                                                                                      territory):
    admin_import(staff_client, "practices.body", ("identificativo", "tipo", "nome", "regione"), [
        ("ministero-lavoro", "Ministero o agenzia nazionale", "Ministero del Lavoro e delle Politiche Sociali", ""),
    ])
    admin_import(staff_client, "practices.ambito", (
        "identificativo", "nome", "provincia", "capofila", "comuni_istat", "altri_enti_associati",
        "distretto_sociosanitario",
    ), [(
        "ambito-s10-sala-consilina", "Ambito S10 Sala Consilina", "SA", "65114",
        "65114; 065087;65146", "Comunità Montana Vallo di Diano (Comunità Montana)", "Distretto sanitario 72",
    )])
    ambito = Ambito.objects.get(slug="ambito-s10-sala-consilina")
    ambito_body = Body.objects.for_ambito(ambito)
    comunita = Body.objects.get(kind=Body.Kind.COMUNITA_MONTANA)
    assert list(ambito.member_bodies.all()) == [comunita] and ambito.members.count() == 3

    admin_import(staff_client, "funding.programme", ("identificativo", "nome", "livello", "autorita_di_gestione",
                                                     "ciclo"), [
        ("fondo-poverta", "Fondo Povertà", "nazionale", "ministero-lavoro", "2018-2020"),
    ])
    admin_import(staff_client, "funding.agreement", ("programma", "codice", "tipo", "beneficiario", "titolo",
                                                     "importi"), [
        ("fondo-poverta", "", "assegnazione", ambito_body.slug, "Quota servizi",
         "2022 | 412.000,00 | 400.000,00 | 350.500,50 | 300.000\n2023 | 275.338,66 | 275.338,66"),
    ])
    allocation = Agreement.objects.get(beneficiary=ambito_body)
    assert allocation.kind == "assegnazione" and not allocation.practice_links.exists()

    # The index and the Ambito's page: region, members, the Comunità Montana, the allocation's stages.
    index = client.get("/ambiti/").content.decode()
    assert "Campania" in index and ambito.get_absolute_url() in index
    page = client.get(ambito.get_absolute_url()).content.decode()
    for text in ("Comunità Montana Vallo di Diano", "Padula", "Teggiano", "Distretto sanitario 72", "Fondo Povertà",
                 "412.000,00 €", "350.500,50 €", "687.338,66 €"):
        assert text in page, text
    for stage in ("Assegnato", "Impegnato", "Liquidato", "Rendicontato"):
        assert f">{stage}</th>" in page
    # The Comunità Montana's own page names the Ambito it belongs to; a member Comune's page too.
    assert ambito.get_absolute_url() in client.get(comunita.get_absolute_url()).content.decode()
    assert ambito.get_absolute_url() in client.get("/comuni/065087/").content.decode()

    # The API: bodies by kind, the Ambito with its region and members, the programme with the allocation.
    assert [b["nome"] for b in api_results(client, "/enti/", {"tipo": "comunita_montana"})] == [
        "Comunità Montana Vallo di Diano"]
    assert "Ambito S10 Sala Consilina" in [b["nome"] for b in api_results(client, "/enti/", {"tipo": "ambito"})]
    data = client.get(f"{API}/ambiti/{ambito.slug}/").json()
    assert data["regione"] == {"codice_istat": "15", "nome": "Campania"}
    assert [b["nome"] for b in data["enti_associati"]] == ["Comunità Montana Vallo di Diano"]
    [programme] = [p for p in api_results(client, "/programmi/") if p["identificativo"] == "fondo-poverta"]
    assert programme["livello"]["identificativo"] == "nazionale"
    [quota] = client.get(f"{API}/programmi/fondo-poverta/").json()["convenzioni"]
    assert quota["tipo"] == "assegnazione" and quota["beneficiario"]["nome"] == "Ambito S10 Sala Consilina"
    assert quota["totali"] == {"assegnato": "687338.66", "impegnato": "675338.66", "liquidato": "350500.50",
                               "rendicontato": "300000.00"}
    assert "Ambito S10 Sala Consilina" in client.get("/programmi/fondo-poverta/").content.decode()


# (c) A project led by a cooperative, with an Ambito and a Comune as partners and a private
# foundation's grant.

def test_a_cooperative_project_with_partners_and_a_foundation_grant(client, staff_client, territory):
    admin_import(staff_client, "practices.body", (
        "identificativo", "tipo", "nome", "comune_istat", "codice_fiscale", "sito_web",
    ), [
        ("coop-il-melograno", "terzo_settore", "Cooperativa Sociale Il Melograno", 75035, "01234567890",
         "https://example.org/melograno"),
        ("fondazione-esempio-sud", "Fondazione", "Fondazione Esempio per il Sud", "", "", ""),
    ], fmt="xlsx")
    coop = Body.objects.get(slug="coop-il-melograno")
    assert coop.kind == Body.Kind.TERZO_SETTORE and coop.region.istat_code == "16"
    admin_import(staff_client, "practices.ambito", ("identificativo", "nome", "provincia", "capofila",
                                                    "comuni_istat"), [
        ("ambito-di-lecce", "Ambito di Lecce", "LE", "075035", "075035"),
    ])
    admin_import(staff_client, "practices.practice", (
        "identificativo", "titolo", "sintesi", "ente_capofila", "partner", "stato", "data_avvio", "finalita",
        "pubblicata",
    ), [(
        "orti-condivisi-lecce", "Orti condivisi per la comunità educante",
        "Un progetto di orti urbani con le scuole e le famiglie.", "coop-il-melograno",
        "ambito-di-lecce | partner\n75035 | ente-gestore", "progetto", "01/09/2024",
        "Coinvolgere i ragazzi nella cura di spazi comuni.", "sì",
    )])
    practice = Practice.objects.get(slug="orti-condivisi-lecce")
    assert practice.status == "progetto" and practice.lead == coop

    admin_import(staff_client, "funding.programme", ("identificativo", "nome", "livello", "autorita_di_gestione"), [
        ("bando-comunita-educanti", "Bando Comunità Educanti", "privato", "fondazione-esempio-sud"),
    ])
    admin_import(staff_client, "funding.agreement", ("programma", "codice", "tipo", "beneficiario", "importi",
                                                     "pratiche"), [
        ("bando-comunita-educanti", "2024-EDU-00123", "contributo", "coop-il-melograno",
         "2024 | 250.000,00\n2025 | 25.338,66", "orti-condivisi-lecce"),
    ])
    grant = Agreement.objects.get(code="2024-EDU-00123")
    assert list(grant.practice_links.values_list("practice__slug", flat=True)) == ["orti-condivisi-lecce"]

    # The practice's page: the lead, the partners, the chain and its total.
    page = client.get(practice.get_absolute_url()).content.decode()
    for text in ("Cooperativa Sociale Il Melograno", "Ambito di Lecce", "Lecce", "Bando Comunità Educanti",
                 "2024-EDU-00123", "275.338,66 €", "Un progetto di orti urbani"):
        assert text in page, text
    # The cooperative's page lists its practice and its grant; the foundation's page its programme.
    coop_page = client.get(f"/enti/{coop.slug}/")
    assert coop_page.status_code == 200
    assert "Orti condivisi per la comunità educante" in coop_page.content.decode()
    assert "2024-EDU-00123" in coop_page.content.decode()
    assert client.get("/enti/fondazione-esempio-sud/").status_code == 200

    # Facets and search: the kind of lead, the region, the cooperative's name.
    listing = client.get(LIST)
    assert facet(listing, "tipo_ente") == {"terzo_settore": ("Ente del Terzo settore", 1)}
    assert facet(listing, "regione") == {"16": ("Puglia", 1)}
    assert facet(listing, "livello")["privato"][1] == 1
    assert titles(client.get(LIST, {"tipo_ente": "terzo_settore"})) == ["Orti condivisi per la comunità educante"]
    assert titles(client.get(LIST, {"q": "Melograno"})) == ["Orti condivisi per la comunità educante"]

    # The API.
    assert [b["identificativo"] for b in api_results(client, "/enti/", {"tipo": "terzo_settore"})] == [
        "coop-il-melograno"]
    detail = client.get(f"{API}/pratiche/{practice.slug}/").json()
    assert detail["capofila"]["identificativo"] == "coop-il-melograno" and detail["stato"] == "progetto"
    assert sorted(p["ente"]["nome"] for p in detail["partecipanti"]) == ["Ambito di Lecce", "Comune di Lecce"]
    [funding] = detail["finanziamenti"]
    assert funding["programma"]["livello"]["identificativo"] == "privato"
    assert funding["convenzione"]["codice"] == "2024-EDU-00123" and funding["importo"] == "275338.66"
    [bando] = [p for p in api_results(client, "/programmi/") if p["identificativo"] == "bando-comunita-educanti"]
    assert bando["livello"]["identificativo"] == "privato"

    # The downloads, filtered by the kind of lead.
    [row] = csv_rows(client, {"tipo_ente": "terzo_settore"})
    assert row["ente_capofila"] == "coop-il-melograno" and row["tipo_ente_capofila"] == "terzo_settore"
    assert row["codici_convenzione"] == "2024-EDU-00123" and row["totale_assegnato"] == "275338.66"
    assert row["partner"] == "ambito-di-lecce | partner\n075035 | ente-gestore"
    [sheet_row] = xlsx_rows(client, {"tipo_ente": "terzo_settore", "regione": "16"})
    assert sheet_row["identificativo"] == "orti-condivisi-lecce"


# (d) An agreement of a national programme known by its code, with three avvisi as documents and
# amounts per year.

def test_a_national_programme_agreement_known_by_its_code_with_three_avvisi(client, staff_client, territory):
    admin_import(staff_client, "practices.practice", ("identificativo", "titolo", "sintesi", "ente_capofila",
                                                      "stato", "pubblicata"), [
        ("rei-bari", "Sostegno all'inclusione attiva a Bari", "Équipe multidisciplinari per il reddito di inclusione.",
         72006, "conclusa", "sì"),
    ], fmt="xlsx")
    admin_import(staff_client, "funding.programme", ("identificativo", "nome", "livello", "ciclo"), [
        ("pon-inclusione", "PON Inclusione FSE 2014-2020", "nazionale", "2014-2020"),
    ], fmt="xlsx")
    avvisi = "\n".join(f"avviso | Avviso {n}/2016 per la presentazione di progetti | https://example.org/avviso-{n}"
                       for n in (3, 1, 4))
    admin_import(staff_client, "funding.agreement", (
        "programma", "codice", "tipo", "beneficiario", "titolo", "sottoscritta_il", "inizio", "fine", "importi",
        "documenti", "pratiche",
    ), [(
        "pon-inclusione", "AV3-2016-PUG_12", "convenzione", 72006, "Convenzione di sovvenzione", "30/05/2017",
        "01/06/2017", "31/12/2019", "2017 | 275.338,66 | 200.000,00\n2018 | 1.234.567,8 | | 99.000", avvisi, "rei-bari",
    )], fmt="xlsx")
    agreement = Agreement.objects.get(code="AV3-2016-PUG_12")
    assert agreement.beneficiary.comune.istat_code == "072006"
    assert [d.title for d in agreement.documents.all()] == [
        f"Avviso {n}/2016 per la presentazione di progetti" for n in (3, 1, 4)]

    # The programme's page and the beneficiary's and the practice's pages.
    programme = Programme.objects.get(slug="pon-inclusione")
    page = client.get(programme.get_absolute_url()).content.decode()
    for text in ("AV3-2016-PUG_12", "Bari", "275.338,66 €", "1.509.906,46 €", "Avviso 4/2016 per la presentazione",
                 "https://example.org/avviso-1"):
        assert text in page, text
    assert programme.get_absolute_url() in client.get("/programmi/").content.decode()
    assert "AV3-2016-PUG_12" in client.get("/comuni/072006/").content.decode()
    assert "AV3-2016-PUG_12" in client.get("/pratiche/rei-bari/").content.decode()

    # Facets, search and filter by programme.
    listing = client.get(LIST, {"finanziamento": "pon-inclusione"})
    assert titles(listing) == ["Sostegno all'inclusione attiva a Bari"]
    assert facet(listing, "livello")["nazionale"][1] == 1 and facet(listing, "regione") == {"16": ("Puglia", 1)}
    assert titles(client.get(LIST, {"q": "reddito di inclusione"})) == ["Sostegno all'inclusione attiva a Bari"]

    # The API.
    [listed] = [p for p in api_results(client, "/programmi/") if p["identificativo"] == "pon-inclusione"]
    assert listed["nome"] == "PON Inclusione FSE 2014-2020"
    [convenzione] = client.get(f"{API}/programmi/pon-inclusione/").json()["convenzioni"]
    assert convenzione["codice"] == "AV3-2016-PUG_12"
    assert convenzione["totali"] == {"assegnato": "1509906.46", "impegnato": "200000.00", "liquidato": "99000.00"}
    assert [(a["anno"], a["fase"], a["importo"]) for a in convenzione["importi"]] == [
        (2017, "assegnato", "275338.66"), (2017, "impegnato", "200000.00"), (2018, "assegnato", "1234567.80"),
        (2018, "liquidato", "99000.00")]
    assert [d["tipo"] for d in convenzione["documenti"]] == ["Avviso"] * 3
    [funding] = client.get(f"{API}/pratiche/rei-bari/").json()["finanziamenti"]
    assert funding["convenzione"]["codice"] == "AV3-2016-PUG_12"

    # The downloads filtered by programme.
    [row] = xlsx_rows(client, {"finanziamento": "pon-inclusione"})
    assert row["codici_convenzione"] == "AV3-2016-PUG_12" and row["totale_assegnato"] == "1509906.46"
    [row] = csv_rows(client, {"finanziamento": "pon-inclusione", "regione": "16"})
    assert row["identificativo"] == "rei-bari" and row["regione"] == "Puglia"


# What the files cannot say is refused in Italian, naming row and column, and nothing is written.

def test_bodies_and_agreement_links_the_import_cannot_place_are_refused(staff_client, territory):
    page = upload(staff_client, "practices.body", ("identificativo", "tipo", "nome", "comune_istat"), [
        ("comune-di-bari", "Comune", "Bari", "072006")]).content.decode()
    assert "Riga 2, colonna «tipo»" in page and "i Comuni e gli Ambiti non si importano qui" in page
    assert not Body.objects.exists()

    admin_import(staff_client, "funding.programme", ("identificativo", "nome", "livello"), [
        ("fondo-poverta", "Fondo Povertà", "nazionale")])
    page = upload(staff_client, "funding.agreement", ("programma", "codice", "pratiche"), [
        ("fondo-poverta", "X-1", "pratica-che-non-esiste")]).content.decode()
    assert "colonna «pratiche»" in page and "nessuna pratica ha l&#x27;identificativo «pratica-che-non-esiste»" in page
    assert not Agreement.objects.exists()
