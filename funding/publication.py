"""The funding part of the printed publication's document (practices.publication_loader calls it
through its hook): the programmes it declares and the funding lines of each card."""

from practices.models import FundingLevel
from practices.publication_loader import Counts, PublicationDataError, document_decimal, sync_row

from .lines import FundingLine, lines_of, set_lines
from .models import Programme


def load_funding(data, practices, update):
    specs = data["funding_programmes"]
    _check(data, specs)
    counts = Counts()
    programmes = {}
    for spec in specs:
        values = {"name": spec["name"], "level": FundingLevel.objects.get(slug=spec["level"])}
        if spec.get("reference"):
            values["description"] = spec["reference"]
        programme, outcome = sync_row(Programme, [{"slug": spec["slug"]}, {"name": spec["name"]}], values, update)
        counts.add(outcome)
        programmes[spec["slug"]] = programme
    for entry in data["practices"]:
        practice, created = practices[entry["slug"]]
        if not (created or update):
            continue
        where = f"Pratica «{entry['slug']}»"
        wanted = [
            FundingLine(programmes[item["programme"]].pk, document_decimal(item.get("amount"), where),
                        item.get("year"), item.get("note", ""))
            for item in entry.get("funding", ())
        ]
        if lines_of(practice) != wanted:
            set_lines(practice, wanted)
    return [("linee di finanziamento", counts, True)]


def _check(data, specs):
    declared = {spec["slug"] for spec in specs}
    for entry in data["practices"]:
        for item in entry.get("funding", ()):
            if item["programme"] not in declared:
                raise PublicationDataError(
                    f"Pratica «{entry['slug']}»: linea di finanziamento «{item['programme']}» non dichiarata.")
    levels = {spec["level"] for spec in specs}
    missing = levels - set(FundingLevel.objects.filter(slug__in=levels).values_list("slug", flat=True))
    if missing:
        raise PublicationDataError(
            "Dati di riferimento mancanti: voci delle tassonomie "
            + ", ".join(f"livello di finanziamento «{slug}»" for slug in sorted(missing))
            + " (caricarle con «manage.py load_taxonomies»).")

