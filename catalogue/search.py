"""Full-text search over practice cards: the query side.

PostgreSQL: queries match the weighted vector each practice stores (practices/search_document.py:
an Italian configuration that also ignores accents, title above ambito d'intervento, finalità
and places, above the rest of the card) through its GIN index.

SQLite (the `make run` database): a simpler fallback on a normalised copy of the
text kept in `search_text`, with accent folding and a light Italian inflection
trim, so that the same URLs work everywhere.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from buonepratiche.text import normalise, normalise_keep_positions, trim_inflection
from practices.search_document import SEARCH_CONFIG

HEADLINE_FIELDS = ("summary", "intervention_area", "aims", "recipients", "implementation", "achieved_results")
MAX_QUERY_LENGTH = 200
_TOKEN = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def is_postgres():
    return connection.vendor == "postgresql"


def parse(query):
    """Split a query into (phrase, excluded) terms, quotes and leading '-' as on the web."""
    query = query.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    terms = []
    for match in _TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        text = normalise(match.group(2) or match.group(4))
        if text and text != "or":
            terms.append((text, negated))
    return terms


def apply_search(queryset, query):
    """Filter and annotate `queryset` with the matches of `query`; returns it unordered by relevance."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    if is_postgres():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_document=search_query).annotate(
            rank=SearchRank(F("search_document"), search_query))
    terms = parse(query)
    if not terms:
        return queryset.annotate(rank=Value(1.0))
    condition = Q()
    for text, negated in terms:
        words = text.split()
        pattern = " ".join(words[:-1] + [trim_inflection(words[-1])])
        term_q = Q(search_text__contains=pattern)
        condition &= ~term_q if negated else term_q
    return queryset.filter(condition).annotate(rank=Value(1.0))


def matching_pks(queryset):
    """The primary keys of a search's matches (and of any other filter), read through the GIN index.

    The planner estimates a word found in most cards as cheaper to scan sequentially, but every
    row scanned then has its compressed, out-of-line vector decompressed: 0.7 s for "servizi" at
    100,000 practices, against 0.17 s through an exact bitmap of the index, which only visits
    the table's pages.
    """
    pks = queryset.order_by().values_list("pk", flat=True)
    if not is_postgres():
        return list(pks)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")  # a lossy bitmap would recheck every row
        return list(pks)


def ranked(queryset, pks, query):
    """The practices `pks` (known to match `query`) of `queryset`, most relevant first."""
    candidates = queryset.filter(pk__in=pks)
    if is_postgres():
        search_query = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=SEARCH_CONFIG)
        candidates = candidates.annotate(rank=SearchRank(F("search_document"), search_query))
    else:
        candidates = candidates.annotate(rank=Value(1.0))
    return candidates.order_by("-rank", "-published_at", "pk")


def headline(queryset, query):
    """Add a highlighted `headline` excerpt (PostgreSQL); SQLite excerpts are built in Python."""
    if not query or not is_postgres():
        return queryset
    search_query = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=SEARCH_CONFIG)
    text = Concat(*[part for name in HEADLINE_FIELDS for part in (F(name), Value(" "))], output_field=TextField())
    return queryset.annotate(headline=SearchHeadline(
        text, search_query, config=SEARCH_CONFIG, start_sel="\x02", stop_sel="\x03",
        max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
    ))


def python_excerpt(text, query, size=240):
    """A plain excerpt around the first match of the query, with \x02/\x03 around matched words."""
    terms = [trim_inflection(t) for t, negated in parse(query or "") if not negated for t in t.split()]
    folded = normalise_keep_positions(text)
    start = 0
    for term in terms:
        position = folded.find(term)
        if position >= 0:
            start = max(0, position - size // 3)
            break
    excerpt = text[start:start + size]
    folded_excerpt = folded[start:start + size]
    marks = []
    for term in terms:
        for match in re.finditer(re.escape(term) + r"\w*", folded_excerpt):
            marks.append((match.start(), match.end()))
    out, cursor = [], 0
    for begin, end in sorted(marks):
        if begin < cursor:
            continue
        out += [excerpt[cursor:begin], "\x02", excerpt[begin:end], "\x03"]
        cursor = end
    out.append(excerpt[cursor:])
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(text) else ""
    return prefix + "".join(out) + suffix

