"""The list page's downloads for people: labels instead of codes, names beside codes, a formatted
XLSX, a CSV for Italian Excel and a filename that says the filter; the open-data forms unchanged."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from api import bulk
from practices.tests.factories import (
    ComuneFactory,
    PolicyAreaFactory,
    PracticeFactory,
    ProvinceFactory,
    RegionFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("catalogue:practice_list")


@pytest.fixture
def lecce_practice():
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce", region=RegionFactory())
    practice = PracticeFactory(slug="anziani-lecce", title="Anziani attivi",
                               lead_comune=ComuneFactory(istat_code="075035", name="Lecce", province=lecce),
                               areas=[PolicyAreaFactory(slug="disabilita", name="Disabilità"),
                                      PolicyAreaFactory(slug="partecipazione-governance",
                                                        name="Partecipazione e governance")])
    practice.target_groups.set([TargetGroupFactory(slug="anziani", name="Anziani")])
    return practice


def content(response):
    return b"".join(response.streaming_content)


def test_the_xlsx_is_for_people(client, lecce_practice):
    response = client.get(LIST, {"q": "anziani", "provincia": "LE", "formato": "xlsx"})
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="buone-pratiche_anziani_lecce_{today}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}1"
    widths = {name: sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width
              for number, name in enumerate(header, start=1)}
    assert widths["titolo"] == 40 and widths["sintesi"] == 60 and widths["provincia"] == 13
    row = dict(zip(header, [cell.value for cell in sheet[2]]))
    assert row["aree"] == "Disabilità; Partecipazione e governance"
    assert row["gruppi_destinatari"] == "Anziani"
    assert row["provincia"] == "Lecce (LE)"
    assert row["ente_capofila"] == "Lecce (075035)"
    assert row["tipo_ente_capofila"] == "Comune"


def test_the_csv_for_italian_excel(client, lecce_practice):
    response = client.get(LIST, {"area": "disabilita", "formato": "csv-excel"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'buone-pratiche_disabilita_{timezone.localdate():%Y-%m-%d}.csv"')
    data = content(response)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [(row["identificativo"], row["aree"], row["provincia"]) for row in rows] == [
        ("anziani-lecce", "Disabilità; Partecipazione e governance", "Lecce (LE)")]


def test_the_open_data_forms_keep_their_codes(client, lecce_practice, settings, tmp_path):
    rows = list(csv.DictReader(io.StringIO(content(client.get(LIST, {"formato": "csv"})).decode())))
    assert (rows[0]["aree"], rows[0]["provincia"]) == ("disabilita|partecipazione-governance", "LE")
    settings.BULK_DOWNLOAD_ROOT = tmp_path
    sheet = openpyxl.load_workbook(bulk.bulk_file("xlsx")).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes is None and not sheet[1][0].font.bold
    assert dict(zip(header, [cell.value for cell in sheet[2]]))["aree"] == "disabilita|partecipazione-governance"
    assert bulk.bulk_file("csv").read_text(encoding="utf-8").startswith("identificativo,")


def test_unknown_formats_are_refused(client, lecce_practice):
    response = client.get(LIST, {"formato": "pdf"})
    assert response.status_code == 400
    assert "csv-excel" in response.content.decode()
