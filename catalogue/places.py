"""Place names typed in a search, turned into the territory filter: "anziani provincia di Lecce"
is q=anziani with provincia=LE, "disabili in Lombardia" q=disabili with regione=03.

Only the end of the query is read, after a marker ("provincia di", "comune di", "regione", "in")
or, without one, as the name of a region or a province: a bare word is too often also a Comune
("Minori", "Calcio") to be taken for one. A name that is both a province and its Comune ("Lecce")
is read as the province, and the page says so. A Comune's name shared by several ("Castro", in LE
and in BG) is never guessed: the page offers each, and searches the text as typed meanwhile. The
reader can always search the literal text instead (`letterale=1`).

The list page redirects to the filtered URL (so facets, chips and downloads show the filter) and
keeps what was typed in `cercato`, for the note. The API takes `q` as literal text.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from buonepratiche.text import normalise
from practices.models import Comune, Province, Region

from . import catalogue_cache

TERRITORY_PARAMS = ("regione", "provincia", "comune")
LITERAL, TYPED = "letterale", "cercato"
MARKERS = {
    ("provincia", "di"): "provincia", ("provincia",): "provincia", ("citta", "metropolitana", "di"): "provincia",
    ("comune", "di"): "comune", ("comune",): "comune",
    ("regione",): "regione", ("in",): None,
}
MAX_NAME_WORDS = 5


@dataclass
class Reading:
    text: str  # the query without the place and its marker
    param: str = ""  # the territory filter found, if one
    value: str = ""
    label: str = ""  # "in provincia di Lecce"
    namesakes: list = field(default_factory=list)  # [(label, value of `comune`)] when not guessed
    other: tuple | None = None  # (label, param, value): the other reading of a name, "nel Comune di Lecce"


def _names():
    regions, provinces, comuni = {}, {}, {}
    for code, name in Region.objects.values_list("istat_code", "name"):
        for part in name.split("/"):
            regions[normalise(part)] = (code, part.strip())
    for sigla, name in Province.objects.values_list("sigla", "name"):
        for part in name.split("/"):
            provinces[normalise(part)] = (sigla, part.strip())
    for code, name, sigla in Comune.objects.values_list("istat_code", "name", "province__sigla"):
        comuni.setdefault(normalise(name), []).append((code, name, sigla))
    return {"regione": regions, "provincia": provinces, "comune": comuni}


def names():
    # Every search reads these 8,000 names: kept in each process for the catalogue's version.
    return catalogue_cache.kept("place-names", [], _names)


def _comune_label(name):
    return _("nel Comune di %(name)s") % {"name": name}


def _found(kind, entry):
    if kind == "regione":
        return "regione", entry[0], _("in %(name)s") % {"name": entry[1]}
    if kind == "provincia":
        return "provincia", entry[0], _("in provincia di %(name)s") % {"name": entry[1]}
    return "comune", entry[0], _comune_label(entry[1])


def read(query):
    """How a query reads with its place, or None when it names none."""
    if not query or '"' in query:
        return None
    words = normalise(query).split()
    table = names()
    for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        name, before = " ".join(words[-size:]), words[:-size]
        marker, kind = (), None
        for candidate, candidate_kind in MARKERS.items():
            if tuple(before[-len(candidate):]) == candidate and len(candidate) > len(marker):
                marker, kind = candidate, candidate_kind
        rest = " ".join(before[:len(before) - len(marker)])
        sigla = None
        if kind in (None, "comune") and size > 1 and len(words[-1]) == 2:
            sigla, name = words[-1].upper(), " ".join(words[-size:-1])  # "Castro (LE)"
        kinds = [kind] if kind else (["regione", "provincia", "comune"] if marker else ["regione", "provincia"])
        if sigla:
            kinds = ["comune"]
        for kind_found in kinds:
            entries = table[kind_found].get(name)
            if not entries:
                continue
            if kind_found != "comune":
                reading = Reading(rest, *_found(kind_found, entries))
                namesake = table["comune"].get(name, [])
                if kind_found == "provincia" and len(namesake) == 1:
                    reading.other = (_comune_label(namesake[0][1]), "comune", namesake[0][0])
                return reading
            if sigla:
                entries = [entry for entry in entries if entry[2] == sigla]
                if not entries:
                    continue
            if len(entries) == 1:
                return Reading(rest, *_found("comune", entries[0]))
            return Reading(rest, namesakes=[(f"{entry[1]} ({entry[2]})", entry[0]) for entry in entries])
    return None


def redirect_url(params):
    """The filtered URL a list request should go to, or None (no place, or the reader asked for
    the literal text, or a territory filter is already chosen)."""
    query = params.get("q", "")
    if params.get(LITERAL) or params.get(TYPED) or any(params.getlist(name) for name in TERRITORY_PARAMS):
        return None
    reading = read(query)
    if reading is None or not reading.param:
        return None
    filtered = params.copy()
    filtered["q"] = reading.text
    filtered.setlist(reading.param, [reading.value])
    filtered[TYPED] = query
    filtered.pop("pagina", None)
    return "?" + filtered.urlencode()


def note(params):
    """What the list page says about a place read from the query: a dict for the template, or None."""
    typed = params.get(TYPED, "")
    if typed:
        reading = read(typed)
        if reading is None or not reading.param or params.get("q", "") != reading.text \
                or reading.value not in params.getlist(reading.param):
            return None  # the reader changed the search or removed the place since
        literal = {key: values for key, values in params.lists() if key not in (TYPED, reading.param)}
        literal.update({"q": [typed], LITERAL: ["1"]})
        other = None
        if reading.other:
            other_params = {key: values for key, values in params.lists() if key not in (TYPED, reading.param)}
            other_params[reading.other[1]] = [reading.other[2]]
            other = (reading.other[0], "?" + urlencode(other_params, doseq=True))
        return {"text": reading.text, "typed": typed, "label": reading.label, "other": other,
                "literal_url": "?" + urlencode(literal, doseq=True)}
    if params.get(LITERAL):
        return None
    reading = read(params.get("q", ""))
    if reading is None or not reading.namesakes:
        return None
    base = {key: values for key, values in params.lists() if key not in ("q", "pagina")}
    return {"typed": params.get("q", ""), "namesakes": [
        (label, "?" + urlencode({**base, "q": [reading.text], "comune": [code]}, doseq=True))
        for label, code in reading.namesakes]}
