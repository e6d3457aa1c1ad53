"""An in-memory facet index of the public catalogue: result counts and facet counts as bitsets.

Counting a facet in SQL means one grouped query over every practice the other filters let
through. At 100,000 practices ten such queries took 0.5–3.6 s for three combined filters,
and more under a broad search. Here each facet value holds the set of practices that have
it as a Python int, one bit per practice (12.5 kB at 100,000), so a count is
`(value & result).bit_count()`: a few microseconds, whatever the data size and the
filters. It is the bitset faceting search engines use, without running one.

The index is built from a handful of queries the first time it is needed after the
catalogue changed (catalogue_cache.version()), and then serves every combination of
filters. Search (`q`) and partner comuni (`comune`) are not facets: their practices come
from the database once per request and become one more bitset.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import ExtractYear

from practices.models import Ambito, FundingEntry, Practice
from practices.models.practice import province_sigla

from . import catalogue_cache, search

# The filters of PracticeFilter that are facets: the index holds a bitset per value for each.
FACET_NAMES = ("provincia", "ambito", "tipologia", "area", "destinatari", "finanziamento", "livello", "anno",
               "stato", "poverta_educativa")
NOT_FILTERS = {"ordina"}


def _public():
    return Practice.objects.public()


class FacetIndex:
    def __init__(self):
        # Positions follow the catalogue's default order, so the first set bits of a result are its
        # most recent practices.
        rows = list(_public().order_by("-published_at", "title", "pk").values_list(
            "pk",
            province_sigla(),
            "proposing_ambito__slug", "proposing_comune_id", "tipologia__slug", "status", "educational_poverty",
            ExtractYear("call__opens_at"),
        ))
        self.pks = [row[0] for row in rows]
        self.position = {pk: number for number, pk in enumerate(self.pks)}
        self.size = len(rows)
        self.all = (1 << self.size) - 1
        ambiti_of_comune = defaultdict(list)
        for comune_id, slug in Ambito.members.through.objects.values_list("comune_id", "ambito__slug"):
            ambiti_of_comune[comune_id].append(slug)

        # Bits are set as the rows stream in: collecting (practice, value) pairs first took 200 MB
        # at 100,000 practices, twice over when two workers rebuilt at once.
        bits = {name: _Bits(self.size) for name in FACET_NAMES}
        for position, (_pk, sigla, ambito, comune_id, tipologia, status, poverty, year) in enumerate(rows):
            bits["provincia"].set(position, sigla)
            bits["ambito"].set(position, ambito)
            for slug in ambiti_of_comune.get(comune_id, ()):
                bits["ambito"].set(position, slug)
            bits["tipologia"].set(position, tipologia)
            bits["stato"].set(position, status)
            bits["poverta_educativa"].set(position, "si" if poverty else "no")
            bits["anno"].set(position, year)
        del rows
        public_pks = _public().values("pk")
        for name, pairs in (
            ("area", Practice.areas.through.objects.filter(practice_id__in=public_pks).values_list(
                "practice_id", "policyarea__slug")),
            ("destinatari", Practice.target_groups.through.objects.filter(practice_id__in=public_pks).values_list(
                "practice_id", "targetgroup__slug")),
        ):
            for pk, key in pairs.iterator(chunk_size=5000):
                bits[name].set(self.position.get(pk), key)
        funding = FundingEntry.objects.filter(practice_id__in=public_pks).values_list(
            "practice_id", "programme__slug", "programme__level__slug")
        for pk, programme, level in funding.iterator(chunk_size=5000):
            position = self.position.get(pk)
            bits["finanziamento"].set(position, programme)
            bits["livello"].set(position, level)
        self.facets = {name: facet_bits.as_ints() for name, facet_bits in bits.items()}

    def bits_of(self, pks):
        found = _Bits(self.size)
        for pk in pks:
            found.set(self.position.get(pk), "1")
        return found.as_ints().get("1", 0)

    def select(self, filterset):
        """The bitset of each active filter of a valid PracticeFilter."""
        masks = {}
        for name, value in filterset.form.cleaned_data.items():
            if name in NOT_FILTERS or value in (None, "", [], ()):
                continue
            if name in self.facets:
                mask = 0
                for key in ([value] if isinstance(value, str) else value):
                    mask |= self.facets[name].get(str(key), 0)
            else:
                mask = self.bits_of(search.matching_pks(filterset.filters[name].filter(_public(), value)))
            masks[name] = mask
        return Selection(self, masks)


class _Bits:
    """The bitsets of one facet while they are built: a bytearray per value."""

    def __init__(self, size):
        self.length = (size + 7) // 8
        self.buffers = {}

    def set(self, position, key):
        if position is None or key is None or key == "":
            return
        buffer = self.buffers.get(key)
        if buffer is None:
            buffer = self.buffers[key] = bytearray(self.length)
        buffer[position >> 3] |= 1 << (position & 7)

    def as_ints(self):
        return {str(key): int.from_bytes(buffer, "little") for key, buffer in self.buffers.items()}


@dataclass
class Selection:
    index: FacetIndex
    masks: dict

    def result(self, excluded=None):
        result = self.index.all
        for name, mask in self.masks.items():
            if name != excluded:
                result &= mask
        return result

    @property
    def count(self):
        return self.result().bit_count()

    def first(self, how_many):
        """The primary keys of the first `how_many` results in the catalogue's default order."""
        bits = bin(self.result())[:1:-1]  # lowest position first
        found, position = [], bits.find("1")
        while position >= 0 and len(found) < how_many:
            found.append(self.index.pks[position])
            position = bits.find("1", position + 1)
        return found

    def facet_counts(self, name):
        """How many practices each value of facet `name` would give, with every other filter applied."""
        base = self.result(excluded=name)
        counts = {key: (bits & base).bit_count() for key, bits in self.index.facets[name].items()}
        return {key: n for key, n in counts.items() if n}


_lock = threading.Lock()
_current = {}


def current():
    """The index for the catalogue as it is now, built at most once per catalogue version.

    Each process keeps the index it uses; a new one goes through the catalogue cache first, so
    with a shared cache (Redis) one process builds it (2 s at 100,000 practices) and the others
    load it (15 ms).
    """
    if not catalogue_cache.enabled():
        return FacetIndex()
    key = (catalogue_cache.version(), settings.SHOW_SYNTHETIC_PRACTICES)
    with _lock:
        index = _current.get(key)
        if index is None:
            index = catalogue_cache.cached("facet-index", [("synthetic", str(key[1]))], FacetIndex)
            _current.clear()
            _current[key] = index
        return index
