"""Downloads of the catalogue (CSV, XLSX, JSON), with the back office resource's columns.

Rows are streamed from the database in chunks (export_rows.py), so memory stays flat whatever
the size of the result. CSV follows RFC 4180 in UTF-8; a cell that a spreadsheet would run as a
formula is prefixed with an apostrophe (formula injection). JSON keeps every value as is.

Two forms. The open-data one (codes, the back office's import format) is what the bulk files
(api/bulk.py) and the list page's `csv` and `json` give. The list page's `xlsx` and `csv-excel`
are for people (people_rows): labels instead of codes, names next to codes ("Lecce (LE)"), a
bold frozen header row with autofilter and column widths in the XLSX, and for `csv-excel` what
Italian Excel opens as it is: semicolons and UTF-8 with a byte order mark.
"""

import json
import tempfile
from itertools import chain

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from buonepratiche.validators import strip_control_characters

from .export_rows import export_rows, people_rows

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
# The list page's downloads: the open-data formats (xlsx there for people) and a CSV for Italian Excel.
PAGE_FORMATS = {"csv": EXPORT_FORMATS["csv"], "csv-excel": EXPORT_FORMATS["csv"],
                "xlsx": EXPORT_FORMATS["xlsx"], "json": EXPORT_FORMATS["json"]}
# Column widths (in characters) of the people's XLSX: long text, names, the rest by its header.
WIDE_COLUMNS = {"sintesi", "ambito_intervento", "destinatari", "finalita", "modalita_realizzazione",
                "risultati_attesi", "risultati_conseguiti", "risorse_impiegate", "soggetti_coinvolti",
                "margini_miglioramento", "finanziamenti", "partner", "documenti"}
NAME_COLUMNS = {"titolo", "soggetto_proponente", "ente_capofila", "aree", "gruppi_destinatari", "tipologia"}
MAX_FILENAME_WORDS = 60
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")


def _safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_field(value, delimiter=","):
    """A field as csv.writer writes it (QUOTE_MINIMAL, lines ending in "\r\n"), made safe.

    Written by hand because the csv module copies every character through its state machine:
    a second for the 37 MB of a 10,000-row download, as long as building the rows.
    """
    text = _safe(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if delimiter in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def stream_csv(queryset):
    for row in export_rows(queryset):
        yield ",".join([_csv_field(value) for value in row]) + "\r\n"


def stream_excel_csv(queryset):
    """The people's rows as Italian Excel reads a CSV: separated by semicolons, UTF-8 with a BOM."""
    yield "\ufeff"
    for row in people_rows(queryset):
        yield ";".join([_csv_field(value, ";") for value in row]) + "\r\n"


def stream_json(queryset):
    rows = export_rows(queryset)
    headers = next(rows)
    yield "[\n"
    first = True
    for row in rows:
        yield ("" if first else ",\n") + json.dumps(dict(zip(headers, row)), ensure_ascii=False)
        first = False
    yield "\n]\n"


def _width(header):
    if header in WIDE_COLUMNS:
        return 60
    if header in NAME_COLUMNS:
        return 40
    return max(12, len(header) + 4)


def _xlsx(rows, for_people=False):
    """An XLSX built in write-only mode into a temporary file (spooled to disk when large)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("pratiche")
    headers = next(rows)
    if for_people:  # set before the first row is written, as write-only mode requires
        for number, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = _width(header)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    bold = Font(bold=True)
    for is_header, row in chain([(True, headers)], ((False, row) for row in rows)):
        cells = []
        for value in row:
            # openpyxl refuses the control characters XML cannot hold: drop what was stored before
            # they were refused, rather than fail the whole download.
            cell = WriteOnlyCell(sheet, value="" if value is None else strip_control_characters(str(value)))
            cell.data_type = "s"  # text, never a formula
            if is_header and for_people:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_file(queryset):
    """The open-data XLSX (the bulk file)."""
    return _xlsx(export_rows(queryset))


def filename(words, extension):
    """`buone-pratiche_anziani_lecce_2026-12-01.xlsx`: what was searched and filtered, ASCII only."""
    slug = slugify(" ".join(words)).replace("-", "_")[:MAX_FILENAME_WORDS].strip("_")
    return "_".join(filter(None, ["buone-pratiche", slug, f"{timezone.localdate():%Y-%m-%d}"])) + f".{extension}"


def export_response(queryset, export_format, words=()):
    """A list page's download; `words` (the search and the filters' labels) name the file."""
    name = filename(words, "csv" if export_format == "csv-excel" else export_format)
    if export_format == "xlsx":
        response = FileResponse(_xlsx(people_rows(queryset), for_people=True), content_type=PAGE_FORMATS["xlsx"])
    else:
        stream = {"csv": stream_csv, "csv-excel": stream_excel_csv, "json": stream_json}[export_format](queryset)
        response = StreamingHttpResponse(stream, content_type=PAGE_FORMATS[export_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
