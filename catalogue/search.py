"""Full-text search over practice cards: the query side.

PostgreSQL: queries match the weighted vector each practice stores (practices/search_document.py:
an Italian configuration that also ignores accents, title above ambito d'intervento, finalità
and places, above the rest of the card) through its GIN index.

SQLite (the `make run` database): a simpler fallback on a normalised copy of the
text kept in `search_text`, with accent folding and a light Italian inflection
trim, so that the same URLs work everywhere.

On both, a query is first read into terms (terms()): quotes, '-' and OR as on the web, each term
with the synonyms staff keep and its compound forms, so both databases find the same things.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from buonepratiche.text import normalise, normalise_keep_positions, trim_inflection
from practices.search_document import SEARCH_CONFIG

from . import synonyms

HEADLINE_FIELDS = ("summary", "intervention_area", "aims", "recipients", "implementation", "achieved_results")
MAX_QUERY_LENGTH = 200
_TOKEN = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


@dataclass
class Term:
    """One thing a query asks for: any of `alternatives` (folded words or phrases, the typed one
    first), or none of them when `negated`."""

    alternatives: list
    negated: bool = False
    quoted: bool = False

    @property
    def typed(self):
        return self.alternatives[0]

    @property
    def plain_word(self):
        return not (self.negated or self.quoted) and " " not in self.typed


def is_postgres():
    return connection.vendor == "postgresql"


def _stop_words():
    """The words PostgreSQL's Italian configuration drops, folded as the queries are."""
    lines = (Path(__file__).with_name("italian_stopwords.txt").read_text(encoding="utf-8")).splitlines()
    return frozenset(normalise(line) for line in lines if line.strip() and not line.startswith("#"))


# A stop word is an empty query on PostgreSQL: joined with a neighbour ("redditodi") or required
# as a term of its own it made "reddito di inclusione" find nothing; terms() leaves them out.
STOP_WORDS = _stop_words()


def _tokens(query):
    """The query's terms as typed, with "a OR b" made one term; quotes and leading '-' as on the web."""
    query = query.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    found, alternative = [], False
    for match in _TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        text = normalise(match.group(2) or match.group(4))
        if text == "or":
            alternative = bool(found)
            continue
        if not text:
            continue
        if alternative and not negated and not found[-1].negated:
            found[-1].alternatives.append(text)
        else:
            found.append(Term([text], negated, quoted=match.group(2) is not None))
        alternative = False
    return found


def terms(query):
    """The query's terms, each with what else it finds: the synonyms staff keep (catalogue.synonyms,
    also for several consecutive words, "terza età"), and a compound written whole, hyphenated or
    spaced ("cohousing", "co-housing", "co housing"): a hyphenated word is typed as its parts, and a
    plain word may be joined with its neighbour."""
    found = _tokens(query or "")
    table = synonyms.expansions()
    merged, position = [], 0
    while position < len(found):  # consecutive plain words that make a synonym's term become one term
        for size in range(min(synonyms.MAX_WORDS, len(found) - position), 1, -1):
            group = found[position:position + size]
            text = " ".join(term.typed for term in group)
            if all(len(term.alternatives) == 1 and not term.negated and not term.quoted for term in group) \
                    and text in table:
                merged.append(Term([text]))
                position += size
                break
        else:
            merged.append(found[position])
            position += 1
    for term in merged:
        if term.negated or term.quoted:
            continue
        extra = [synonym for alternative in term.alternatives for synonym in table.get(alternative, ())]
        extra += [alternative.replace(" ", "") for alternative in term.alternatives if " " in alternative]
        term.alternatives += [text for text in dict.fromkeys(extra) if text not in term.alternatives]
    for left, right in zip(merged, merged[1:]):
        if left.plain_word and right.plain_word and not {left.typed, right.typed} & STOP_WORDS:
            joined = left.typed + right.typed
            left.alternatives.append(joined)
            right.alternatives.append(joined)
    # A term of stop words only has no lexeme: PostgreSQL ignores it in the text too.
    return [term for term in merged if not all(alternative in STOP_WORDS for alternative in term.alternatives)]


def _search_query(found):
    """The PostgreSQL query of `terms()`: each term one of its alternatives (each a phrase), all terms."""
    combined = None
    for term in found:
        either = None
        for alternative in term.alternatives:
            phrase = SearchQuery(alternative, search_type="phrase", config=SEARCH_CONFIG)
            either = phrase if either is None else either | phrase
        if term.negated:
            either = ~either
        combined = either if combined is None else combined & either
    return combined


def _pattern(text):
    """What search_text must contain for a word or phrase (SQLite): the last word without its inflection."""
    words = text.split()
    return " ".join(words[:-1] + [trim_inflection(words[-1])])


def apply_search(queryset, query):
    """Filter and annotate `queryset` with the matches of `query`; returns it unordered by relevance."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    found = terms(query)
    if not found:
        return queryset.annotate(rank=Value(1.0))
    if is_postgres():
        search_query = _search_query(found)
        return queryset.filter(search_document=search_query).annotate(
            rank=SearchRank(F("search_document"), search_query))
    condition = Q()
    for term in found:
        either = Q()
        for alternative in term.alternatives:
            either |= Q(search_text__contains=_pattern(alternative))
        condition &= ~either if term.negated else either
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
    found = terms(query)
    if is_postgres() and found:
        search_query = _search_query(found)
        candidates = candidates.annotate(rank=SearchRank(F("search_document"), search_query))
    else:
        candidates = candidates.annotate(rank=Value(1.0))
    return candidates.order_by("-rank", "-published_at", "pk")


def headline(queryset, query):
    """Add a highlighted `headline` excerpt (PostgreSQL); SQLite excerpts are built in Python."""
    found = terms(query) if query and is_postgres() else []
    if not any(not term.negated for term in found):
        return queryset
    search_query = _search_query([term for term in found if not term.negated])
    text = Concat(*[part for name in HEADLINE_FIELDS for part in (F(name), Value(" "))], output_field=TextField())
    return queryset.annotate(headline=SearchHeadline(
        text, search_query, config=SEARCH_CONFIG, start_sel="\x02", stop_sel="\x03",
        max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
    ))


def python_excerpt(text, query_terms, size=240):
    """A plain excerpt around the first match of a query's terms(), with \x02/\x03 around matched words."""
    words = [trim_inflection(word) for term in query_terms if not term.negated
             for alternative in term.alternatives for word in alternative.split()]
    folded = normalise_keep_positions(text)
    start = 0
    for word in words:
        position = folded.find(word)
        if position >= 0:
            start = max(0, position - size // 3)
            break
    excerpt = text[start:start + size]
    folded_excerpt = folded[start:start + size]
    marks = []
    for word in words:
        for match in re.finditer(re.escape(word) + r"\w*", folded_excerpt):
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

