"""What a list of catalogue results holds: the filtered practices in the chosen order, and how many.

Shared by the catalogue's pages and the API, so both count and rank the same way.
"""

import functools
from dataclasses import dataclass

from django.conf import settings

from . import catalogue_cache, facet_index, search


@dataclass
class Results:
    queryset: object
    count: int
    # How many of them can be listed, when not all (relevance ranks a bounded number).
    browsable: int | None
    # () -> facet_index.Selection, computed at most once and only when needed.
    selection: object


def results(filterset, params):
    """The results of a valid PracticeFilter; `params` (the request's) key the cached figures."""
    selection = functools.cache(lambda: facet_index.current().select(filterset))
    count = catalogue_cache.cached("count", params, lambda: selection().count)
    query = filterset.form.cleaned_data.get("q") or ""
    candidates = settings.SEARCH_RANKED_RESULTS
    if query and filterset.sort() == "rilevanza" and count > candidates:
        # Ranking reads each match's whole search vector: for a word found in most of 100,000 cards
        # that is seconds. Relevance orders the most recent matches instead, as many as can be ranked
        # in a few tens of milliseconds; the count stays the real one, and sorting by date or
        # narrowing the filters reaches the others.
        pks = catalogue_cache.cached("ranked", params, lambda: selection().first(candidates))
        return Results(search.ranked(filterset.queryset, pks, query), count, candidates, selection)
    return Results(filterset.ordered(), count, None, selection)
