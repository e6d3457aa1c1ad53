"""The funding chain through its public surface: the admin import, the pages, the API and the downloads."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from funding.models import Agreement, AgreementAmount, PracticeFunding, Programme
from practices.models import Body, FundingLevel
from practices.tests.factories import AmbitoFactory, PracticeFactory

LIST = "/pratiche/"


@pytest.fixture
def taxonomies(db):
    call_command("load_taxonomies", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org", "password-lunga-1"))
    return client


def admin_import(client, model, rows, confirm=True):
    url = reverse(f"admin:funding_{model}_import")
    form = client.get(url).context["form"]
    fmt = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rows)
    upload = SimpleUploadedFile("file.csv", out.getvalue().encode())
    response = client.post(url, {"import_file": upload, "format": fmt, "resource": "0"})
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), [
        row.error_dict for row in result.invalid_rows] or [e.error for _n, errs in result.row_errors() for e in errs]
    confirm_form = response.context["confirm_form"]
    data = {name: confirm_form.initial.get(name, field.initial) for name, field in confirm_form.fields.items()}
    return client.post(reverse(f"admin:funding_{model}_process_import"), data, follow=True)


HEADER = ["programma", "codice", "tipo", "beneficiario", "avviso_codice", "titolo", "sottoscritta_il", "inizio",
          "fine", "nota", "importi", "documenti"]


def test_an_agreement_of_a_national_programme_imported_by_its_code_with_three_avvisi_and_yearly_amounts(
        staff_client, taxonomies):
    ambito = AmbitoFactory(name="Ambito di Altamura", slug="ambito-di-altamura")
    beneficiary = Body.objects.for_ambito(ambito)
    programme = Programme.objects.create(name="PON Inclusione FSE 2014-2020", cycle="2014-2020",
                                         level=FundingLevel.objects.get(slug="nazionale"))
    avvisi = "\n".join(f"avviso | Avviso {n} per la presentazione di proposte | https://example.org/avviso-{n}"
                       for n in (3, 1, 4))
    admin_import(staff_client, "agreement", [HEADER, [
        programme.slug, "AV3-2016-PUG_12", "convenzione", beneficiary.slug, "", "Convenzione di sovvenzione",
        "30/05/2017", "01/06/2017", "31/12/2019", "",
        "2017 | 275.338,66 | 200.000,00\n2018 | 1.234.567,8 | | 99.000", avvisi,
    ]])

    agreement = Agreement.objects.get(code="AV3-2016-PUG_12")
    assert agreement.programme == programme and agreement.beneficiary == beneficiary
    assert agreement.starts_on.isoformat() == "2017-06-01"
    assert sorted((a.year, a.stage, str(a.amount)) for a in agreement.amounts.all()) == [
        (2017, "assegnato", "275338.66"), (2017, "impegnato", "200000.00"),
        (2018, "assegnato", "1234567.80"), (2018, "liquidato", "99000.00"),
    ]
    assert [d.title for d in agreement.documents.all()] == [
        f"Avviso {n} per la presentazione di proposte" for n in (3, 1, 4)]
    assert {d.kind.slug for d in agreement.documents.all()} == {"avviso"} and not any(
        d.file for d in agreement.documents.all())

    page = staff_client.get(programme.get_absolute_url()).content.decode()
    assert "AV3-2016-PUG_12" in page and "275.338,66 €" in page and "1.509.906,46 €" in page
    assert "Avviso 4 per la presentazione di proposte" in page
    assert programme.get_absolute_url() in staff_client.get("/programmi/").content.decode()
    assert programme.get_absolute_url() in staff_client.get("/sitemap.xml").content.decode()
    data = staff_client.get(f"/api/v1/programmi/{programme.slug}/").json()
    [convenzione] = data["convenzioni"]
    assert convenzione["codice"] == "AV3-2016-PUG_12"
    assert convenzione["totali"] == {"assegnato": "1509906.46", "impegnato": "200000.00", "liquidato": "99000.00"}
    assert len(convenzione["documenti"]) == 3

    # The same file again updates the agreement identified by programme and code: no duplicate.
    admin_import(staff_client, "agreement", [HEADER, [
        programme.slug, "AV3-2016-PUG_12", "convenzione", beneficiary.slug, "", "Convenzione di sovvenzione",
        "", "", "", "", "2017 | 275.338,66", avvisi]])
    assert Agreement.objects.count() == 1 and AgreementAmount.objects.count() == 1


def test_an_invalid_amount_is_refused_in_italian_and_nothing_is_imported(staff_client, taxonomies):
    programme = Programme.objects.create(name="Fondo Povertà", level=FundingLevel.objects.get(slug="nazionale"))
    url = reverse("admin:funding_agreement_import")
    form = staff_client.get(url).context["form"]
    fmt = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    content = f"programma,codice,importi\n{programme.slug},X1,2020 | 12.34.5\n".encode()
    response = staff_client.post(url, {"import_file": SimpleUploadedFile("a.csv", content), "format": fmt,
                                       "resource": "0"})
    assert "non è un numero valido" in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_ambito_yearly_allocation_of_a_national_fund_shows_its_stages_and_totals_on_the_ambito_page(
        client, staff_client, taxonomies):
    ambito = AmbitoFactory(name="Ambito di Valle Camonica", slug="ambito-di-valle-camonica")
    body = Body.objects.for_ambito(ambito)
    fund = Programme.objects.create(name="Fondo Povertà", level=FundingLevel.objects.get(slug="nazionale"))
    admin_import(staff_client, "agreement", [HEADER, [
        fund.slug, "", "assegnazione", body.slug, "", "Quota servizi 2022", "", "", "", "",
        "2022 | 412.000,00 | 400.000,00 | 350.500,50 | 300.000", ""]])
    allocation = Agreement.objects.get(beneficiary=body)
    assert allocation.kind == "assegnazione" and not allocation.practice_links.exists()

    page = client.get(ambito.get_absolute_url()).content.decode()
    assert "Fondo Povertà" in page and "Assegnazione (riparto di un fondo)" in page
    for shown in ("412.000,00 €", "400.000,00 €", "350.500,50 €", "300.000,00 €"):
        assert page.count(shown) == 2  # the year's row and the total
    for stage in ("Assegnato", "Impegnato", "Liquidato", "Rendicontato"):
        assert f">{stage}</th>" in page


def test_a_practice_funded_by_a_private_foundation_grant_shows_the_chain_on_its_page_api_and_csv(client, taxonomies):
    foundation = Body.objects.create(kind=Body.Kind.FONDAZIONE, name="Fondazione Con il Sud")
    cooperative = Body.objects.create(kind=Body.Kind.TERZO_SETTORE, name="Cooperativa Sociale Esempio")
    programme = Programme.objects.create(name="Bando Comunità Educanti", managing_authority=foundation,
                                         level=FundingLevel.objects.get(slug="privato"))
    grant = Agreement.objects.create(kind=Agreement.Kind.GRANT, programme=programme, code="2019-EDU-00123",
                                     beneficiary=cooperative)
    AgreementAmount.objects.create(agreement=grant, year=2020, stage="assegnato", amount="250000.00")
    AgreementAmount.objects.create(agreement=grant, year=2021, stage="assegnato", amount="25338.66")
    practice = PracticeFactory(title="Comunità educante", lead=cooperative)
    PracticeFunding.objects.create(practice=practice, agreement=grant)

    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Bando Comunità Educanti" in page and "2019-EDU-00123" in page
    assert page.count("275.338,66 €") >= 2  # the agreement's total and the practice's

    data = client.get(f"/api/v1/pratiche/{practice.slug}/").json()
    [funding] = data["finanziamenti"]
    assert funding["programma"]["livello"]["identificativo"] == "privato"
    assert funding["importo"] == "275338.66"
    assert funding["convenzione"]["codice"] == "2019-EDU-00123"
    assert funding["convenzione"]["beneficiario"]["nome"] == "Cooperativa Sociale Esempio"
    assert [a["anno"] for a in funding["convenzione"]["importi"]] == [2020, 2021]

    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(f"{LIST}?formato=csv").streaming_content).decode())))
    [row] = [r for r in rows if r["titolo"] == "Comunità educante"]
    assert row["finanziamenti"] == "Bando Comunità Educanti | privato | 275338.66"
    assert row["codici_convenzione"] == "2019-EDU-00123" and row["totale_assegnato"] == "275338.66"
    assert json.loads(b"".join(client.get(f"{LIST}?formato=json").streaming_content))[0]["codici_convenzione"] \
        == "2019-EDU-00123"
    assert client.get(f"{LIST}?finanziamento={programme.slug}").status_code == 200


def test_amounts_are_typed_in_the_italian_format_in_the_admin(staff_client, taxonomies):
    programme = Programme.objects.create(name="PNRR M5C2", level=FundingLevel.objects.get(slug="ue"))
    response = staff_client.post(reverse("admin:funding_agreement_add"), {
        "kind": "convenzione", "programme": programme.pk, "code": "M5C2-1.1", "title": "", "note": "",
        "amounts-TOTAL_FORMS": "1", "amounts-INITIAL_FORMS": "0",
        "amounts-0-year": "2023", "amounts-0-stage": "assegnato", "amounts-0-amount": "275.338,66",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
        "practice_links-TOTAL_FORMS": "0", "practice_links-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms]
    assert str(AgreementAmount.objects.get().amount) == "275338.66"
    change = staff_client.get(reverse("admin:funding_agreement_change", args=[Agreement.objects.get().pk]))
    assert 'value="275.338,66"' in change.content.decode()



def test_programmes_and_calls_imported_then_an_agreement_names_its_call_and_exports_as_imported(
        staff_client, taxonomies):
    ministry = Body.objects.create(kind=Body.Kind.AMMINISTRAZIONE_CENTRALE, name="Ministero del Lavoro")
    admin_import(staff_client, "programme", [
        ["identificativo", "nome", "livello", "autorita_di_gestione", "ciclo", "documenti"],
        ["pon-inclusione", "PON Inclusione FSE 2014-2020", "nazionale", ministry.slug, "2014-2020",
         "altro | Programma operativo | https://example.org/pon"],
    ])
    programme = Programme.objects.get(slug="pon-inclusione")
    assert programme.managing_authority == ministry and programme.documents.get().url == "https://example.org/pon"
    admin_import(staff_client, "fundingcall", [
        ["programma", "codice", "titolo", "atto", "data", "indirizzo_web"],
        ["pon-inclusione", "Avviso 3/2016", "Avviso pubblico per la presentazione di progetti",
         "D.D. n. 229 del 3.8.2016", "03/08/2016", "https://example.org/avviso-3"],
    ])
    call = programme.calls.get()
    assert call.date.isoformat() == "2016-08-03"
    admin_import(staff_client, "agreement", [
        ["programma", "codice", "avviso_codice", "importi"],
        ["pon-inclusione", "AV3-2016-PUG_12", "Avviso 3/2016", "2017 | 275.338,66 | | 1.000"],
    ])
    agreement = Agreement.objects.get()
    assert agreement.funding_call == call and agreement.kind == "convenzione"

    url = reverse("admin:funding_agreement_export")
    form = staff_client.get(url).context["form"]
    fmt = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    data = {"format": fmt, "resource": "0", **{name: "on" for name, field in form.fields.items()
                                               if getattr(field, "is_selectable_field", False)}}
    [row] = csv.DictReader(io.StringIO(staff_client.post(url, data).content.decode("utf-8-sig")))
    assert row["importi"] == "2017 | 275.338,66 |  | 1.000,00" and row["avviso_codice"] == "Avviso 3/2016"


def test_amounts_are_decimal_and_never_negative(taxonomies):
    from decimal import Decimal

    from django.db import IntegrityError, transaction

    programme = Programme.objects.create(name="Fondo", level=FundingLevel.objects.get(slug="locale"))
    agreement = Agreement.objects.create(programme=programme, code="A-1")
    amount = AgreementAmount.objects.create(agreement=agreement, year=2024, amount=Decimal("1500000.10"))
    amount.refresh_from_db()
    assert amount.amount == Decimal("1500000.10")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementAmount.objects.create(agreement=agreement, year=2023, amount=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementAmount.objects.create(agreement=agreement, year=2024, amount=Decimal("1"))  # same year and stage
