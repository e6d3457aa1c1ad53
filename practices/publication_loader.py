"""Load the practices of a printed publication (by default the March 2024 one) into the database.

The JSON document (fixtures/publication_2024/practices.json) carries the cards verbatim plus the
publication, the call, the Ambiti, funding programmes and the bodies (enti) the cards name: each
card's lead (a Comune's or an Ambito's body) and its participants with their roles.
Apps to the left of practices load their own part of the document (funding: its programmes and
the practices' funding lines) through `register_part`, so that this module imports none of them.

Staff may correct practices and reference rows in the back office after loading, so a plain run
never overwrites anything: it creates what is missing, fills empty fields and adds missing Ambito
members. Only ``update=True`` brings existing rows back to the fixture, and even then Ambito
members are only added, because the publication lists just a few members of each Ambito and
staff are expected to complete the rest.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from .models import (
    CARD_SECTION_FIELDS,
    Ambito,
    Body,
    Comune,
    InvolvementRole,
    PolicyArea,
    Practice,
    PracticeParticipant,
    Province,
    Publication,
    Region,
    TargetGroup,
    Tipologia,
)

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "publication_2024" / "practices.json"
ROME = ZoneInfo("Europe/Rome")
# The publication gives a day, not a time: noon keeps the date the same in every time zone.
PUBLISHED_AT_TIME = time(12, 0)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The call model through the relation that names it ("calls.Call"): practices imports nothing above it.
Call = Practice.call.field.related_model

TAXONOMIES = (
    # (model, label used in error messages)
    (Tipologia, "tipologia"),
    (PolicyArea, "area di intervento"),
    (TargetGroup, "gruppo di destinatari"),
    (InvolvementRole, "ruolo nella pratica"),
)


class PublicationDataError(ValueError):
    pass


# Functions an app registers to load its part of the document: part(data, practices, update)
# runs in the loader's transaction after the practices, with `practices` mapping each slug to
# (practice, created); like the loader, a part writes into existing practices only with `update`.
# It returns lines for the report: (label, Counts, feminine).
_parts = []


def register_part(part):
    if part not in _parts:
        _parts.append(part)


def _enumerate(items, limit=10):
    """«a», «b» e altri 3: long lists of missing references stay readable."""
    shown = ", ".join(item if "«" in item else f"«{item}»" for item in items[:limit])
    return shown + (f" e altri {len(items) - limit}" if len(items) > limit else "")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class LoadReport:
    publication: str = UNCHANGED
    call: str = UNCHANGED
    ambiti: Counts = field(default_factory=Counts)
    bodies: Counts = field(default_factory=Counts)
    practices_created: int = 0
    practices_existing: int = 0
    practices_restored: int = 0
    parts: list = field(default_factory=list)  # what registered parts report: (label, Counts, feminine)


def read_document(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise PublicationDataError(f"Il file {path} non è un JSON valido: {exc}") from exc
    for key in ("publication", "call", "ambiti", "funding_programmes", "bodies", "practices"):
        if key not in data:
            raise PublicationDataError(f"Il file {path} non contiene la voce «{key}».")
    return data


class References:
    """Every comune, region and taxonomy term the document points at, looked up once.

    All missing references are reported together, so one run tells staff everything to load first.
    """

    def __init__(self, data):
        problems = []
        codes = set()
        for ambito in data["ambiti"]:
            codes.add(ambito["capofila"])
            codes.update(ambito["members"])
        for practice in data["practices"]:
            for place in (practice["lead"], *practice.get("participants", ())):
                if "comune" in place:
                    codes.add(place["comune"])
        self.comuni = {c.istat_code: c for c in Comune.objects.filter(istat_code__in=codes).select_related("province")}
        missing = sorted(codes - self.comuni.keys())
        if missing:
            problems.append(f"comuni con codice ISTAT {_enumerate(missing)} (caricarli con «manage.py load_comuni»)")

        province_codes = {b["province"] for b in data["bodies"] if b.get("province")}
        self.provinces = {p.istat_code: p for p in Province.objects.filter(istat_code__in=province_codes)}
        missing = sorted(province_codes - self.provinces.keys())
        if missing:
            problems.append(f"province con codice ISTAT {_enumerate(missing)} (caricarle con «manage.py load_comuni»)")

        region_code = data["call"].get("region") or ""
        self.region = Region.objects.filter(istat_code=region_code).first() if region_code else None
        if region_code and self.region is None:
            problems.append(f"regione con codice ISTAT «{region_code}» (caricarla con «manage.py load_comuni»)")

        wanted = {model: set() for model, _label in TAXONOMIES}
        for practice in data["practices"]:
            if practice.get("tipologia"):
                wanted[Tipologia].add(practice["tipologia"])
            wanted[PolicyArea].update(practice.get("areas", ()))
            wanted[TargetGroup].update(practice.get("target_groups", ()))
            wanted[InvolvementRole].update(p["role"] for p in practice.get("participants", ()) if p.get("role"))
        self.terms = {}
        missing_terms = []
        for model, label in TAXONOMIES:
            found = {t.slug: t for t in model.objects.filter(slug__in=wanted[model])}
            self.terms[model] = found
            missing_terms += [f"{label} «{slug}»" for slug in sorted(wanted[model] - found.keys())]
        if missing_terms:
            problems.append(
                f"voci delle tassonomie {_enumerate(missing_terms)} (caricarle con «manage.py load_taxonomies»)"
            )
        if problems:
            raise PublicationDataError("Dati di riferimento mancanti: " + "; ".join(problems) + ".")

    def term(self, model, slug):
        return self.terms[model][slug] if slug else None


def _check_practices(data):
    """Catch mistakes in the document before touching the database."""
    ambiti = {a["slug"] for a in data["ambiti"]}
    bodies = {b["name"] for b in data["bodies"]}
    kinds = set(Body.Kind.values) - {Body.Kind.COMUNE, Body.Kind.AMBITO}
    for spec in data["bodies"]:
        if spec.get("kind") not in kinds:
            raise PublicationDataError(f"Ente «{spec['name']}»: tipo «{spec.get('kind')}» non valido.")
    statuses = {value for value, _label in Practice.Status.choices} | {""}
    seen = set()
    for entry in data["practices"]:
        slug = entry.get("slug") or "?"
        where = f"Pratica «{slug}»"
        if slug in seen:
            raise PublicationDataError(f"{where}: identificativo ripetuto.")
        seen.add(slug)
        for place in (entry.get("lead") or {}, *entry.get("participants", ())):
            named = set(place) - {"role"}
            if len(named) != 1 or not named <= {"comune", "ambito", "body"}:
                raise PublicationDataError(f"{where}: ogni ente va indicato con uno solo tra «comune», «ambito» e "
                                           f"«body».")
            if "ambito" in place and place["ambito"] not in ambiti:
                raise PublicationDataError(f"{where}: l'Ambito «{place['ambito']}» manca tra gli «ambiti» del file.")
            if "body" in place and place["body"] not in bodies:
                raise PublicationDataError(f"{where}: l'ente «{place['body']}» manca tra i «bodies» del file.")
        unknown = set(entry.get("sections", {})) - set(CARD_SECTION_FIELDS)
        if unknown:
            raise PublicationDataError(f"{where}: sezioni sconosciute {', '.join(sorted(unknown))}.")
        if entry.get("status", "") not in statuses:
            raise PublicationDataError(f"{where}: stato «{entry['status']}» non valido.")


def document_decimal(value, where):
    """An amount of the document as a Decimal (None stays None); `where` names the entry in the
    Italian error. Public: the parts other apps load (funding.publication) read amounts with it."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise PublicationDataError(f"{where}: importo «{value}» non valido.") from exc


def sync_row(model, lookups, values, update):
    """Find the row by the first lookup that matches, or create it; return (row, outcome).

    An existing row gets only its empty fields filled, unless `update` asks to restore every field.
    Public: the parts other apps load (funding.publication) keep their rows the same way.
    """
    for lookup in lookups:
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            break
    else:
        return model.objects.create(**lookups[0], **values), CREATED
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if current != value and (update or current in ("", None)):
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.save(update_fields=changed)
        return obj, UPDATED
    return obj, UNCHANGED


def _aware(value):
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=ROME)


def _practice_state(practice):
    """What the loader controls about a practice, in a form that compares equal to `_wanted_state`."""
    scalars = {name: getattr(practice, name) for name in _SCALARS}
    return (
        scalars,
        {
            "areas": set(practice.areas.values_list("pk", flat=True)),
            "target_groups": set(practice.target_groups.values_list("pk", flat=True)),
        },
        [(p.body_id, p.role_id, p.position) for p in practice.participants.order_by("position", "id")],
    )


_SCALARS = (
    "title", "lead_id", *CARD_SECTION_FIELDS, "call_id", "publication_id",
    "publication_page", "tipologia_id", "educational_poverty", "start_year", "end_year", "status",
    "people_reached", "total_budget", "is_published", "published_at", "is_synthetic",
)


def _wanted_state(entry, refs, bodies, publication, call, published_at):
    where = f"Pratica «{entry['slug']}»"
    sections = entry.get("sections", {})
    tipologia = refs.term(Tipologia, entry.get("tipologia"))
    scalars = {
        "title": entry["title"],
        "lead_id": bodies(entry["lead"]).pk,
        **{name: sections.get(name, "") for name in CARD_SECTION_FIELDS},
        "call_id": call.pk,
        "publication_id": publication.pk,
        "publication_page": entry.get("page"),
        "tipologia_id": tipologia.pk if tipologia else None,
        "educational_poverty": bool(entry.get("educational_poverty")),
        "start_year": entry.get("start_year"),
        "end_year": entry.get("end_year"),
        "status": entry.get("status", ""),
        "people_reached": entry.get("people_reached"),
        "total_budget": document_decimal(entry.get("total_budget"), where),
        "is_published": True,
        "published_at": published_at,
        "is_synthetic": False,
    }
    m2m = {
        "areas": {refs.term(PolicyArea, slug).pk for slug in entry.get("areas", ())},
        "target_groups": {refs.term(TargetGroup, slug).pk for slug in entry.get("target_groups", ())},
    }
    participants = []
    for position, item in enumerate(entry.get("participants", ())):
        role = refs.term(InvolvementRole, item.get("role"))
        participants.append((bodies(item).pk, role.pk if role else None, position))
    return scalars, m2m, participants


def _write_practice(practice, state):
    scalars, m2m, participants = state
    for name, value in scalars.items():
        setattr(practice, name, value)
    practice.save()
    for name, pks in m2m.items():
        getattr(practice, name).set(pks)
    practice.participants.all().delete()
    PracticeParticipant.objects.bulk_create(
        PracticeParticipant(practice=practice, body_id=body, role_id=role, position=position)
        for body, role, position in participants
    )
    practice.refresh_participant_names()


@transaction.atomic
def load_publication(path=DEFAULT_PATH, update=False):
    data = read_document(path)
    _check_practices(data)
    refs = References(data)
    report = LoadReport()

    pub = data["publication"]
    closed_on = date.fromisoformat(pub["closed_on"]) if pub.get("closed_on") else None
    publication, report.publication = sync_row(
        Publication, [{"slug": pub["slug"]}],
        {"title": pub["title"], "publisher": pub["publisher"], "year": pub["year"], "closed_on": closed_on,
         "url": pub.get("url", "")},
        update,
    )
    # Practices count as published when the publication closed.
    published_at = datetime.combine(closed_on or date(pub["year"], 1, 1), PUBLISHED_AT_TIME, tzinfo=ROME)

    spec = data["call"]
    call, report.call = sync_row(
        Call, [{"slug": spec["slug"]}],
        {"title": spec["title"], "act": spec.get("act", ""), "description": spec.get("description", ""),
         "region": refs.region, "opens_at": _aware(spec["opens_at"]), "closes_at": _aware(spec["closes_at"])},
        update,
    )

    ambiti = {}
    for spec in data["ambiti"]:
        capofila = refs.comuni[spec["capofila"]]
        ambito, outcome = sync_row(
            Ambito, [{"slug": spec["slug"]}, {"name": spec["name"]}],
            {"name": spec["name"], "full_name": spec.get("full_name", ""), "code": spec.get("code", ""),
             "capofila": Body.objects.for_comune(capofila), "province": capofila.province},
            update,
        )
        present = set(ambito.members.values_list("istat_code", flat=True))
        to_add = [refs.comuni[code] for code in spec["members"] if code not in present]
        if to_add:
            ambito.members.add(*to_add)
            outcome = UPDATED if outcome == UNCHANGED else outcome
        report.ambiti.add(outcome)
        ambiti[spec["slug"]] = ambito

    named = {}
    for spec in data["bodies"]:
        body, outcome = sync_row(
            Body, [{"name": spec["name"], "kind": spec["kind"]}],
            {"province": refs.provinces.get(spec.get("province"))}, update,
        )
        report.bodies.add(outcome)
        named[spec["name"]] = body

    def bodies(place):
        """The body a card names: a Comune's or an Ambito's own body, or one of the file's «bodies»."""
        if "comune" in place:
            return Body.objects.for_comune(refs.comuni[place["comune"]])
        if "ambito" in place:
            return Body.objects.for_ambito(ambiti[place["ambito"]])
        return named[place["body"]]

    existing = {p.slug: p for p in Practice.objects.filter(slug__in=[e["slug"] for e in data["practices"]])}
    loaded = {}
    for entry in data["practices"]:
        wanted = _wanted_state(entry, refs, bodies, publication, call, published_at)
        practice = existing.get(entry["slug"])
        if practice is None:
            practice = Practice(slug=entry["slug"])
            _write_practice(practice, wanted)
            report.practices_created += 1
            loaded[entry["slug"]] = (practice, True)
            continue
        report.practices_existing += 1
        if update and _practice_state(practice) != wanted:
            _write_practice(practice, wanted)
            report.practices_restored += 1
        loaded[entry["slug"]] = (practice, False)
    for part in _parts:
        report.parts.extend(part(data, loaded, update))
    return report
