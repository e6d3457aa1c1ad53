"""Ambiti as governed bodies, entered through the admin import as staff would: an Ambito of
Lombardy whose capofila and one member are a Comunità Montana, then its Piani di Zona. Each
then shows on /ambiti/, the Ambito's page, its Comuni's pages, the province page and the API."""

import csv
import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from practices.models import Ambito, Body, Comune, ZonePlan
from practices.tests.factories import AmbitoFactory, ComuneFactory

# Test data: an Ambito as an import file would describe it. Zogno's code is written as a
# spreadsheet that read it as a number would give it (16246, without its leading zero).
AMBITO_ROW = {
    "identificativo": "ambito-valle-brembana",
    "nome": "Ambito Valle Brembana",
    "denominazione_estesa": "Ambito Territoriale Sociale della Valle Brembana",
    "codice_regionale": "BG-07",
    "provincia": "BG",
    "capofila": "Comunità Montana Valle Brembana (Comunità Montana)",
    "comuni_istat": "16246; 016190;016164",
    "altri_enti_associati": "Comunità Montana Valle Brembana (comunita_montana)",
    "forma_associativa": "Convenzione (art. 30 TUEL)",
    "distretto_sociosanitario": "Distretto Valle Brembana",
    "azienda_sanitaria": "ASST Papa Giovanni XXIII (Azienda sanitaria)",
    "orari_ufficio_di_piano": "lunedì e giovedì 9-12",
    "referente_ufficio_di_piano": "Coordinatore dell'Ufficio di Piano",
    "indirizzo_ufficio_di_piano": "Via Roma 1, Zogno",
    "email_ufficio_di_piano": "ufficiodipiano@example.org",
    "pec_ufficio_di_piano": "",
    "telefono_ufficio_di_piano": "0345 000000",
    "sito_web_ufficio_di_piano": "https://example.org/ufficio-di-piano",
}


@pytest.fixture
def lombardy(db):
    call_command("load_comuni", region="03", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org", "password-molto-lunga"))
    return client


def _csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def admin_import(client, model_name, content):
    """Upload a CSV on the model's admin import page; confirm it if the preview shows no error."""
    url = reverse(f"admin:practices_{model_name}_import")
    form = client.get(url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    response = client.post(url, {"import_file": SimpleUploadedFile("file.csv", content), "format": csv_format,
                                 "resource": "0"})
    assert response.status_code == 200
    result = response.context["result"]
    if result.has_errors() or result.has_validation_errors():
        return response
    confirm_form = response.context["confirm_form"]
    data = {name: confirm_form.initial.get(name, field.initial) for name, field in confirm_form.fields.items()}
    return client.post(reverse(f"admin:practices_{model_name}_process_import"), data, follow=True)


@pytest.fixture
def valle_brembana(staff_client, lombardy):
    response = admin_import(staff_client, "ambito", _csv([AMBITO_ROW]))
    assert response.status_code == 200
    assert not response.context.get("result") or not response.context["result"].has_validation_errors(), \
        response.content.decode()[:3000]
    return Ambito.objects.get(slug="ambito-valle-brembana")


def test_an_imported_ambito_keeps_its_members_capofila_and_governance(valle_brembana):
    ambito = valle_brembana
    comunita = Body.objects.get(name="Comunità Montana Valle Brembana")
    assert comunita.kind == Body.Kind.COMUNITA_MONTANA
    assert ambito.capofila == comunita
    assert list(ambito.member_bodies.all()) == [comunita]
    assert sorted(ambito.members.values_list("istat_code", flat=True)) == ["016164", "016190", "016246"]
    assert ambito.association_form == "convenzione"
    assert ambito.health_authority.kind == Body.Kind.AZIENDA_SANITARIA
    assert ambito.body.email == "ufficiodipiano@example.org"
    assert ambito.body.region.istat_code == "03"


def test_the_ambito_shows_on_the_index_its_page_its_comuni_and_the_province(client, valle_brembana):
    index = client.get("/ambiti/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "Lombardia" in page and "Ambito Valle Brembana" in page and valle_brembana.get_absolute_url() in page

    detail = client.get(valle_brembana.get_absolute_url()).content.decode()
    for text in ("Comunità Montana Valle Brembana", "Ente capofila", "Altri enti associati", "Zogno",
                 "Convenzione (art. 30 TUEL)", "Distretto Valle Brembana", "ASST Papa Giovanni XXIII",
                 "Ufficio di Piano", "ufficiodipiano@example.org", "lunedì e giovedì 9-12",
                 "Coordinatore dell&#x27;Ufficio di Piano", reverse("catalogue:ambito_list")):
        assert text in detail, text

    zogno = client.get(Comune.objects.get(istat_code="016246").get_absolute_url()).content.decode()
    assert re.search(r'Fa parte di</dt><dd class="col-sm-9"><a href="%s"' % valle_brembana.get_absolute_url(), zogno)

    # The Ambito counts under the province the body's territory gives, even if stated nowhere else.
    bergamo = client.get(reverse("catalogue:province_detail", args=["BG"])).content.decode()
    assert valle_brembana.get_absolute_url() in bergamo


def test_the_api_gives_members_capofila_office_and_plans(client, valle_brembana):
    ZonePlan.objects.create(ambito=valle_brembana, start_year=2021, end_year=2023,
                            title="Piano di Zona 2021-2023 della Valle Brembana")
    data = client.get(reverse("api:ambito-detail", args=[valle_brembana.slug])).json()
    slug = valle_brembana.capofila.slug
    assert data["capofila"] == {"identificativo": slug, "nome": "Comunità Montana Valle Brembana",
                                "tipo": "comunita_montana", "url": f"http://testserver/api/v1/enti/{slug}/",
                                "pagina_web": f"http://testserver/enti/{slug}/"}
    assert [e["tipo"] for e in data["enti_associati"]] == ["comunita_montana"]
    assert {c["codice_istat"] for c in data["comuni"]} == {"016164", "016190", "016246"}
    assert data["regione"] == {"codice_istat": "03", "nome": "Lombardia"}
    assert data["ufficio_di_piano"]["email"] == "ufficiodipiano@example.org"
    assert data["ufficio_di_piano"]["referente"] == "Coordinatore dell'Ufficio di Piano"
    assert data["distretto_sociosanitario"]["azienda_sanitaria"]["tipo"] == "azienda_sanitaria"
    assert data["forma_associativa"] == "convenzione"
    assert data["piani_di_zona"] == [{"titolo": "Piano di Zona 2021-2023 della Valle Brembana", "anno_inizio": 2021,
                                      "anno_fine": 2023, "atto_di_adozione": "", "url": ""}]
    listed = client.get(reverse("api:ambito-list")).json()
    assert valle_brembana.slug in str(listed)


def test_the_api_schema_describes_the_ambito(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for name in ("enti_associati", "ufficio_di_piano", "piani_di_zona", "distretto_sociosanitario"):
        assert name in schema


def test_zone_plans_imported_show_on_the_ambito_page_by_period(staff_client, client, valle_brembana):
    rows = [
        {"ambito": valle_brembana.slug, "anno_inizio": "2018", "anno_fine": "2020", "titolo": "",
         "atto_di_adozione": "", "indirizzo_web": ""},
        {"ambito": valle_brembana.slug, "anno_inizio": "2021", "anno_fine": "2023",
         "titolo": "Piano di Zona 2021-2023", "atto_di_adozione": "Accordo di programma del 20/01/2022",
         "indirizzo_web": "https://example.org/piano-2021-2023.pdf"},
    ]
    admin_import(staff_client, "zoneplan", _csv(rows))
    assert ZonePlan.objects.filter(ambito=valle_brembana).count() == 2
    page = client.get(valle_brembana.get_absolute_url()).content.decode()
    assert "Piani Sociali di Zona" in page
    assert "Piano Sociale di Zona 2018-2020" in page and "Accordo di programma del 20/01/2022" in page
    assert page.index("2021-2023") < page.index("2018-2020")  # the current plan first
    assert "https://example.org/piano-2021-2023.pdf" in page


def test_a_zone_plan_ending_before_it_starts_is_refused_and_nothing_is_imported(staff_client, valle_brembana):
    rows = [
        {"ambito": valle_brembana.slug, "anno_inizio": "2018", "anno_fine": "2020"},
        {"ambito": valle_brembana.slug, "anno_inizio": "2024", "anno_fine": "2022"},
    ]
    response = admin_import(staff_client, "zoneplan", _csv(rows))
    assert response.context["result"].has_validation_errors()
    assert "L&#x27;anno di fine del piano non può precedere quello di inizio." in response.content.decode()
    assert not ZonePlan.objects.exists()


def test_unknown_comuni_and_unnamed_bodies_are_reported_in_italian(staff_client, lombardy):
    row = {**AMBITO_ROW, "comuni_istat": "016246;999999", "altri_enti_associati": "Un ente senza tipo"}
    response = admin_import(staff_client, "ambito", _csv([row]))
    page = response.content.decode()
    assert "nessun Comune ha il codice ISTAT 999999" in page
    assert "scrivere il nome seguito dal tipo tra parentesi" in page
    assert not Ambito.objects.exists() and not Body.objects.filter(kind=Body.Kind.COMUNITA_MONTANA).exists()


def test_a_comune_among_the_other_member_bodies_is_refused(staff_client, lombardy):
    row = {**AMBITO_ROW, "altri_enti_associati": "016246"}
    page = admin_import(staff_client, "ambito", _csv([row])).content.decode()
    assert "è un Comune: qui vanno gli altri enti" in page
    assert not Ambito.objects.exists()


def test_export_round_trips_the_cells(staff_client, valle_brembana):
    url = reverse("admin:practices_ambito_export")
    form = staff_client.get(url).context["form"]
    data = {"format": next(v for v, label in form.fields["format"].choices if label.lower() == "csv"), "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)})
    [row] = tablib.Dataset().load(staff_client.post(url, data).content.decode(), format="csv").dict
    assert row["comuni_istat"] == "016164; 016190; 016246"
    assert row["capofila"] == row["altri_enti_associati"] == "Comunità Montana Valle Brembana (Comunità Montana)"
    assert row["email_ufficio_di_piano"] == "ufficiodipiano@example.org"
    assert row["forma_associativa"] == "Convenzione (art. 30 TUEL)"
    Body.objects.filter(ambito__isnull=False).delete()  # an Ambito's body protects it from deletion
    Ambito.objects.all().delete()
    admin_import(staff_client, "ambito", _csv([row]))
    again = Ambito.objects.get(slug="ambito-valle-brembana")
    assert again.capofila == Body.objects.get(kind=Body.Kind.COMUNITA_MONTANA)  # found again, not made twice
    assert again.members.count() == 3 and again.body.email == "ufficiodipiano@example.org"


def test_the_index_groups_by_region_filters_and_searches(client, lombardy, valle_brembana):
    puglia = AmbitoFactory(name="Ambito di Conversano", slug="ambito-di-conversano")
    puglia.members.add(ComuneFactory(name="Polignano a Mare"))
    page = client.get("/ambiti/").content.decode()
    assert page.index('<h2 class="h4">Lombardia') < page.index("Ambito Valle Brembana") \
        < page.index('<h2 class="h4">Puglia') < page.index("Ambito di Conversano")
    only_lombardy = client.get("/ambiti/?regione=03").content.decode()
    assert "Ambito Valle Brembana" in only_lombardy and "Ambito di Conversano" not in only_lombardy
    # By a member Comune's name, without its accents or capitals.
    found = client.get("/ambiti/?q=polignano").content.decode()
    assert "Ambito di Conversano" in found and "Ambito Valle Brembana" not in found
    assert "Ambito Valle Brembana" in client.get("/ambiti/?q=comunita montana").content.decode()
    unknown = client.get("/ambiti/?regione=99")
    assert unknown.status_code == 400 and "Regione sconosciuta" in unknown.content.decode()


def test_the_menu_the_breadcrumbs_and_the_sitemap_lead_to_the_index(client, db):
    ambito = AmbitoFactory()
    assert 'href="/ambiti/"' in client.get("/").content.decode()
    assert 'href="/ambiti/"' in client.get(ambito.get_absolute_url()).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ambiti/</loc>" in sitemap and ambito.get_absolute_url() in sitemap


def test_the_admin_form_edits_the_ufficio_di_piano_contact_on_the_ambito_body(staff_client, db):
    ambito = AmbitoFactory()
    url = reverse("admin:practices_ambito_change", args=[ambito.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {
        "name": ambito.name, "slug": ambito.slug, "full_name": "", "code": "", "province": ambito.province_id,
        "capofila": ambito.capofila_id, "association_form": "consorzio", "office_email": "udp@example.org",
        "office_phone": "080 000000", "office_address": "", "office_pec": "", "office_website": "",
        "office_hours": "", "office_contact_role": "", "health_district": "DSS n. 3",
        "zone_plans-TOTAL_FORMS": "1", "zone_plans-INITIAL_FORMS": "0",
        "zone_plans-0-start_year": "2022", "zone_plans-0-end_year": "2024", "zone_plans-0-title": "",
        "zone_plans-0-adoption_act": "", "zone_plans-0-url": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    ambito.refresh_from_db()
    assert ambito.body.email == "udp@example.org" and ambito.body.phone == "080 000000"
    assert ambito.association_form == "consorzio"
    assert [plan.period for plan in ambito.zone_plans.all()] == ["2022-2024"]
