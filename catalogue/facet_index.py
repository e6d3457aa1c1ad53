"""An in-memory facet index of the public catalogue: result counts and facet counts as bitsets.

Counting a facet in SQL means one grouped query over every practice the other filters let
through. At 100,000 practices ten such queries took 0.5–3.6 s for three combined filters,
and more under a broad search. Here each facet value holds the set of practices that have
it as a Python int, one bit per practice (12.5 kB at 100,000), so a count is
`(value & result).bit_count()`: a few microseconds, whatever the data size and the
filters. It is the bitset faceting search engines use, without running one.

The index is built from a handful of queries the first time it is needed after the
catalogue changed (catalogue_cache.version()), and then serves every combination of
filters. Which facets there are and how each reads a practice is the facet registry's
(facets.py). Search (`q`) and partner comuni (`comune`) are not facets: their practices come
from the database once per request and become one more bitset.
"""

from dataclasses import dataclass

from django.conf import settings

from practices.models import Practice

from . import catalogue_cache, search
from .facets import FACETS, Column, Related

NOT_FILTERS = {"ordina"}


def _public():
    return Practice.objects.public()


class FacetIndex:
    def __init__(self):
        columns = [spec for spec in FACETS if isinstance(spec.index, Column)]
        vias = [spec for spec in columns if spec.index.via]
        # One query for every facet read from the practice's own row: each such facet's column,
        # then the columns its `via` looks further keys up by. Positions follow the catalogue's
        # default order, so the first set bits of a result are its most recent practices.
        rows = list(_public().order_by("-published_at", "title", "pk").values_list(
            "pk", *(spec.index.expression for spec in columns), *(spec.index.via[0] for spec in vias)))
        self.pks = [row[0] for row in rows]
        self.position = {pk: number for number, pk in enumerate(self.pks)}
        self.size = len(rows)
        self.all = (1 << self.size) - 1

        # Bits are set as the rows stream in: collecting (practice, value) pairs first took 200 MB
        # at 100,000 practices, twice over when two workers rebuilt at once.
        bits = {spec.param: _Bits(self.size) for spec in FACETS}
        via_of = {spec.param: (1 + len(columns) + number, spec.index.via[1]())
                  for number, spec in enumerate(vias)}
        readers = [(bits[spec.param], number, spec.index.key, via_of.get(spec.param))
                   for number, spec in enumerate(columns, start=1)]
        for position, row in enumerate(rows):
            for facet_bits, number, key, via in readers:
                value = row[number]
                if value is not None:
                    facet_bits.set(position, key(value) if key else value)
                if via:
                    column, further_keys = via
                    for extra in further_keys.get(row[column], ()):
                        facet_bits.set(position, extra)
        del rows
        public_pks = _public().values("pk")
        for spec in FACETS:
            if isinstance(spec.index, Related):
                for pk, key in spec.index.pairs(public_pks).iterator(chunk_size=5000):
                    bits[spec.param].set(self.position.get(pk), key)
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


def current():
    """The index for the catalogue as it is now, built at most once per catalogue version and kept
    in each process (catalogue_cache.kept): with a shared cache (Redis) one process builds it (2 s
    at 100,000 practices) and the others load it (15 ms)."""
    return catalogue_cache.kept("facet-index", [("synthetic", str(settings.SHOW_SYNTHETIC_PRACTICES))], FacetIndex)
