"""Load the ISTAT list of comuni into Region, Province and Comune rows.

Idempotent: rows are matched on their ISTAT code, created when missing and
updated only when a field differs, so a second run writes nothing.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Comune, Province, Region

DEFAULT_CSV = Path(settings.BASE_DIR) / "fixtures" / "comuni_italiani.csv"
REQUIRED_COLUMNS = {
    "istat_code", "name", "name_other_language", "region_code", "region_name", "uts_code",
    "uts_type", "province_code", "sigla", "is_capoluogo", "cadastral_code", "nuts3_2021", "uts_name",
}


class TerritoryDataError(ValueError):
    pass


@dataclass
class LoadReport:
    created: dict = field(default_factory=lambda: {"regioni": 0, "province": 0, "comuni": 0})
    updated: dict = field(default_factory=lambda: {"regioni": 0, "province": 0, "comuni": 0})
    unchanged: dict = field(default_factory=lambda: {"regioni": 0, "province": 0, "comuni": 0})


def read_rows(path, region_code=None):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
        if missing:
            raise TerritoryDataError(f"Colonne mancanti nel file {path}: {', '.join(sorted(missing))}")
        rows = []
        for line, row in enumerate(reader, start=2):
            code = row["istat_code"].strip()
            if len(code) != 6 or not code.isdigit():
                raise TerritoryDataError(f"Riga {line}: codice ISTAT «{code}» non valido (servono sei cifre).")
            if region_code and row["region_code"].strip() != region_code:
                continue
            rows.append(row)
    return rows


def _sync(model, key, wanted, report_key, report):
    """Create or update `model` rows so that they match `wanted` ({key value: field dict})."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(wanted)})}
    to_create, to_update, changed_fields = [], [], set()
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
            continue
        diff = [name for name, value in values.items() if getattr(obj, name) != value]
        if diff:
            for name in diff:
                setattr(obj, name, values[name])
            changed_fields.update(diff)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=1000)
    report.created[report_key] += len(to_create)
    report.updated[report_key] += len(to_update)
    report.unchanged[report_key] += len(wanted) - len(to_create) - len(to_update)
    return {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(wanted)})}


@transaction.atomic
def load_comuni(path=DEFAULT_CSV, region_code="16"):
    rows = read_rows(path, region_code)
    if not rows:
        raise TerritoryDataError(f"Nessun comune trovato per la regione «{region_code}» in {path}.")
    report = LoadReport()

    regions = _sync(Region, "istat_code", {r["region_code"]: {"name": r["region_name"]} for r in rows},
                    "regioni", report)
    provinces = _sync(
        Province, "istat_code",
        {
            r["province_code"]: {
                "uts_code": r["uts_code"], "sigla": r["sigla"], "name": r["uts_name"],
                "kind": r["uts_type"], "region_id": regions[r["region_code"]].pk,
            }
            for r in rows
        },
        "province", report,
    )
    _sync(
        Comune, "istat_code",
        {
            r["istat_code"]: {
                "name": r["name"], "name_other_language": r["name_other_language"],
                "province_id": provinces[r["province_code"]].pk, "cadastral_code": r["cadastral_code"],
                "is_capoluogo": r["is_capoluogo"] == "1", "nuts3": r["nuts3_2021"],
            }
            for r in rows
        },
        "comuni", report,
    )
    return report
