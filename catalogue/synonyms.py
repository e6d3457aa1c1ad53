"""The synonyms staff keep (catalogue.SearchSynonym) as the search reads them: folded the way the
stored text is (buonepratiche.text.normalise), built once per catalogue version, which an edit in
the admin renews (the model is catalogue_dependent)."""

from buonepratiche.text import normalise

from . import catalogue_cache
from .models import SearchSynonym

# The longest term, in words, the search looks a query's consecutive words up for.
MAX_WORDS = 4


def _build():
    expansions, translations = {}, {}
    for synonym in SearchSynonym.objects.all():
        term = normalise(synonym.term)
        alternatives = [folded for folded in map(normalise, synonym.alternative_list()) if folded]
        if synonym.kind == SearchSynonym.Kind.TRANSLATION:
            expansions.setdefault(term, set()).update(alternatives)
            translations.setdefault(term, []).extend(synonym.alternative_list())
            continue
        group = {term, *alternatives}
        for word in group:
            expansions.setdefault(word, set()).update(group - {word})
    return {
        "expansions": {term: tuple(sorted(found)) for term, found in expansions.items()},
        "translations": translations,
    }


def _current():
    # Read by every search, several times (terms() of the filter, the ranking, the excerpt): kept
    # in each process for the catalogue's version.
    return catalogue_cache.kept("synonyms", [], _build)


def expansions():
    """{folded term: (folded words or phrases it also finds, …)}."""
    return _current()["expansions"]


def translations():
    """{folded English term: [the Italian terms as staff wrote them]}."""
    return _current()["translations"]
