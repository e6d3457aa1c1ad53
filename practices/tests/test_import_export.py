"""Back-office import and export of practices and taxonomies (django-import-export)."""

import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding.models import Agreement, PracticeFunding, Programme
from funding.tests.factories import PracticeFundingFactory
from practices.models import Body, Practice, PracticeParticipant, Tipologia
from practices.resources import body_ref

from .factories import (
    AmbitoFactory,
    BodyFactory,
    ComuneFactory,
    InvolvementRoleFactory,
    PolicyAreaFactory,
    PracticeFactory,
    PracticeParticipantFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd", "json": "application/json"}


def snapshot():
    """Everything that makes up each practice, comparable across databases (no primary keys)."""
    result = {}
    for p in Practice.objects.order_by("slug"):
        result[p.slug] = {
            **{f.name: getattr(p, f.name) for f in Practice._meta.concrete_fields
               if f.name not in {"id", "created_at", "updated_at", "lead", "tipologia", "call", "publication"}},
            "lead": body_ref(p.lead),
            "tipologia": p.tipologia.slug if p.tipologia else None,
            "call": p.call.slug if p.call else None,
            "publication": p.publication.slug if p.publication else None,
            "participants": [(body_ref(i.body), i.role.slug if i.role else None) for i in p.participants.all()],
            "areas": sorted(a.slug for a in p.areas.all()),
            "groups": sorted(g.slug for g in p.target_groups.all()),
            "funding": [link.as_line() for link in p.funding.all()],
        }
    return result


def format_index(client, url, fmt):
    form = client.get(url).context["form"]
    for value, label in form.fields["format"].choices:
        if label.lower() == fmt:
            return value
    raise AssertionError(f"format {fmt} not offered")


def admin_export(client, fmt):
    url = reverse("admin:practices_practice_export")
    form = client.get(url).context["form"]
    data = {"format": format_index(client, url, fmt), "resource": "0"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False):
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(FORMATS[fmt])
    return response.content


def admin_import(client, content, fmt, filename=None, confirm=True):
    url = reverse("admin:practices_practice_import")
    upload = SimpleUploadedFile(filename or f"pratiche.{fmt}", content)
    response = client.post(url, {"import_file": upload, "format": format_index(client, url, fmt), "resource": "0"})
    assert response.status_code == 200
    result = response.context["result"]
    if not confirm or result.has_errors() or result.has_validation_errors():
        return response
    confirm_form = response.context["confirm_form"]
    data = {name: confirm_form.initial.get(name, field.initial) for name, field in confirm_form.fields.items()}
    return client.post(reverse("admin:practices_practice_process_import"), data, follow=True)


@pytest.fixture
def rich_practices(reference_data):
    area, group = PolicyAreaFactory(slug="minori-famiglie"), TargetGroupFactory(slug="famiglie")
    comune_practice = PracticeFactory(
        title="Pratica con «virgolette», accenti: città, perché", slug="pratica-comune",
        lead_comune=ComuneFactory(istat_code="072006"),
        implementation="Azioni:\n- sportello\n- laboratori\n\n=SOMMA(A1:A2) non è una formula",
        start_year=2021, end_year=2023, status="conclusa", people_reached=48, total_budget=Decimal("12345.67"),
        areas=[area], target_groups=[group], educational_poverty=True,
    )
    partner = InvolvementRoleFactory(slug="partner")
    PracticeParticipantFactory(practice=comune_practice, role=partner,
                               body=Body.objects.for_comune(ComuneFactory(istat_code="072011")))
    PracticeFundingFactory(practice=comune_practice, amount=Decimal("1500000.00"), year=2022, note="quota servizi")
    PracticeFundingFactory(practice=comune_practice, amount=None, year=None)
    PracticeParticipantFactory(practice=comune_practice)
    PracticeParticipantFactory(practice=comune_practice, role=None)
    PracticeFactory(slug="pratica-cooperativa", lead=BodyFactory(name="Cooperativa «Il Melograno»"), is_published=False,
                    published_at=None)
    PracticeFactory(slug="pratica-ambito", lead_comune=None,
                    lead_ambito=AmbitoFactory(slug="ambito-di-prova"), is_published=False, published_at=None)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_into_an_empty_database_gives_back_the_same_practices(staff_client, rich_practices, fmt):
    before = snapshot()
    content = admin_export(staff_client, fmt)

    Practice.objects.all().delete()
    PracticeFunding.objects.all().delete()
    Agreement.objects.all().delete()
    Programme.objects.all().delete()
    PracticeParticipant.objects.all().delete()  # the bodies stay: a file names them by identifier
    assert Practice.objects.count() == 0

    response = admin_import(staff_client, content, fmt)
    assert response.status_code == 200
    after = snapshot()
    assert after.keys() == before.keys()
    for slug in before:
        for key in before[slug]:
            assert (slug, key, after[slug][key]) == (slug, key, before[slug][key])


def test_the_21_published_practices_round_trip(staff_client, publication):
    before = snapshot()
    assert len(before) == 21
    content = admin_export(staff_client, "csv")
    Practice.objects.all().delete()
    admin_import(staff_client, content, "csv")
    assert snapshot() == before


def _csv(rows, headers=("identificativo", "titolo", "ente_capofila", "tipologia")):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data.export("csv").encode()


def test_an_import_with_one_bad_row_imports_nothing_and_names_the_row_and_field(staff_client, reference_data):
    content = _csv([
        ("prima", "Prima pratica", "072006", "processi-organizzativi"),
        ("seconda", "Seconda pratica", "999999", "processi-organizzativi"),
        ("terza", "Terza pratica", "072011", "processi-organizzativi"),
    ])
    response = admin_import(staff_client, content, "csv")
    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 3  # as the spreadsheet numbers it: the header is row 1
    assert "ente_capofila" in invalid.error_dict  # the file's column, not the model's field
    assert "999999" in " ".join(invalid.error_dict["ente_capofila"])
    page = response.content.decode()
    assert "999999" in page and "non è il codice ISTAT di un comune" in page
    assert "Riga 3, colonna «ente_capofila»" in page
    assert Practice.objects.count() == 0


def test_the_database_constraint_failing_on_one_row_rolls_back_the_others(staff_client, reference_data):
    """A row that passes field parsing but breaks a database rule (here: the years' order; the
    exactly-one-proposer rule it used to test is gone, any body may lead) still voids the whole file."""
    content = _csv(
        [("prima", "Prima", "072006", "", ""), ("seconda", "Seconda", "072011", "2023", "2020")],
        headers=("identificativo", "titolo", "ente_capofila", "anno_avvio", "anno_conclusione"),
    )
    response = admin_import(staff_client, content, "csv")
    assert response.context["result"].has_validation_errors()
    assert "L&#x27;anno di conclusione non può precedere" in response.content.decode()
    assert Practice.objects.count() == 0


def test_a_lead_of_any_kind_and_participants_with_roles_are_imported(staff_client, reference_data):
    cooperative = BodyFactory(name="Cooperativa Sociale Arcobaleno")
    ambito = AmbitoFactory(slug="ambito-di-prova")
    content = _csv(
        [("coop", "Guidata da una cooperativa", cooperative.slug,
          f"{Body.objects.for_ambito(ambito).slug} | partner\n72006 | partner\n{cooperative.slug}")],
        headers=("identificativo", "titolo", "ente_capofila", "partner"),
    )
    admin_import(staff_client, content, "csv")
    practice = Practice.objects.get(slug="coop")
    assert practice.lead == cooperative
    assert [(str(p.body), p.role.slug if p.role else None) for p in practice.participants.all()] == [
        (ambito.name, "partner"), ("Comune di Bari", "partner"),
        ("Cooperativa Sociale Arcobaleno", None)]
    assert "Comune di Bari" in practice.place_names  # searchable by its participants' names


def test_an_unknown_participant_is_reported_in_italian_with_its_column(staff_client, reference_data):
    content = _csv([("prima", "Prima", "072006", "ente-inesistente | partner")],
                   headers=("identificativo", "titolo", "ente_capofila", "partner"))
    response = admin_import(staff_client, content, "csv")
    page = response.content.decode()
    assert "partner" in page and "«ente-inesistente» non è il codice ISTAT di un comune" in page
    assert Practice.objects.count() == 0


def test_a_malformed_funding_cell_is_reported_in_italian(staff_client, reference_data):
    content = _csv(
        [("prima", "Prima", "072006", "Fondo X | regionale | mille euro")],
        headers=("identificativo", "titolo", "ente_capofila", "finanziamenti"),
    )
    response = admin_import(staff_client, content, "csv")
    assert "importo «mille euro» non valido" in response.content.decode()
    assert Practice.objects.count() == 0


def test_unknown_taxonomy_values_are_refused_not_dropped(staff_client, reference_data):
    content = _csv(
        [("prima", "Prima", "072006", "minori-famiglie|inventata")],
        headers=("identificativo", "titolo", "ente_capofila", "aree"),
    )
    response = admin_import(staff_client, content, "csv")
    assert "inventata" in response.content.decode()
    assert Practice.objects.count() == 0


def test_taxonomies_import_and_export(staff_client, reference_data):
    url = reverse("admin:practices_tipologia_export")
    form = staff_client.get(url).context["form"]
    data = {"format": format_index(staff_client, url, "csv"), "resource": "0"}
    data.update({n: "on" for n, f in form.fields.items() if getattr(f, "is_selectable_field", False)})
    exported = tablib.Dataset().load(staff_client.post(url, data).content.decode(), format="csv")
    assert exported.headers == ["identificativo", "nome", "descrizione", "ordine"]
    assert len(exported) == Tipologia.objects.count() == 5

    new = tablib.Dataset(headers=exported.headers)
    new.append(("welfare-digitale", "Welfare digitale", "Servizi sociali digitali.", "6"))
    import_url = reverse("admin:practices_tipologia_import")
    upload = SimpleUploadedFile("t.csv", new.export("csv").encode())
    preview = staff_client.post(import_url, {"import_file": upload, "format": format_index(staff_client, import_url, "csv"),
                                             "resource": "0"})
    assert Tipologia.objects.count() == 5, "the preview is a dry run"
    confirm = preview.context["confirm_form"]
    staff_client.post(reverse("admin:practices_tipologia_process_import"),
                      {n: confirm.initial.get(n, f.initial) for n, f in confirm.fields.items()})
    assert Tipologia.objects.get(slug="welfare-digitale").name == "Welfare digitale"


def test_export_of_the_filtered_changelist(staff_client, rich_practices):
    url = reverse("admin:practices_practice_export") + "?is_published__exact=1"
    form = staff_client.get(url).context["form"]
    data = {"format": format_index(staff_client, url, "csv"), "resource": "0"}
    data.update({n: "on" for n, f in form.fields.items() if getattr(f, "is_selectable_field", False)})
    exported = tablib.Dataset().load(staff_client.post(url, data).content.decode(), format="csv")
    assert list(exported["identificativo"]) == ["pratica-comune"]
