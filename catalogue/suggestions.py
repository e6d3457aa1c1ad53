"""What the list page offers when a search finds nothing: a similar word from the catalogue's own
vocabulary, the same search without one of its filters (with how many it would find), and the
Italian word for an English one ("elderly" → «anziani»)."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from buonepratiche.text import normalise
from practices.models import PolicyArea, Practice, TargetGroup, Tipologia

from . import catalogue_cache, search, synonyms

# The most recent practices whose words make the vocabulary: enough for the real catalogue (a few
# hundred cards) while a synthetic one of 100,000 is not read whole for a typo.
VOCABULARY_PRACTICES = 2000
MIN_WORD = 4


def _vocabulary():
    words = set()
    texts = Practice.objects.public().order_by("-published_at", "pk").values_list(
        "search_text", flat=True)[:VOCABULARY_PRACTICES]
    for text in texts:
        words.update(text.split())
    for model in (PolicyArea, TargetGroup, Tipologia):
        for name in model.objects.values_list("name", flat=True):
            words.update(normalise(name).split())
    return sorted(word for word in words if len(word) >= MIN_WORD and word.isalpha())


def vocabulary():
    """The folded words of the public cards and of the taxonomies' labels, once per catalogue version."""
    return catalogue_cache.cached("vocabulary", [], _vocabulary)


def distance(a, b, limit):
    """Levenshtein distance between a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def similar_word(word, words):
    """The closest word of `words` to `word` (one edit for short words, two for longer), or None."""
    if word in words or len(word) < MIN_WORD:
        return None
    limit = 1 if len(word) <= 5 else 2
    best = min(((distance(word, candidate, limit), candidate) for candidate in words), default=(limit + 1, None))
    return best[1] if best[0] <= limit else None


def _url(params, **changes):
    query = {key: values for key, values in params.lists()
             if key not in ("pagina", "cercato", "letterale", *changes)}
    query.update({key: [value] for key, value in changes.items() if value is not None})
    return "?" + urlencode(query, doseq=True)


def suggestions(params, filterset, found, query):
    """A dict for templates/catalogue/partials/search_suggestions.html, or None when results were found."""
    if found.count:
        return None
    terms = search.terms(query)
    words = vocabulary() if query else []
    corrected, changed = [], False
    for term in terms:
        if term.negated or term.quoted or " " in term.typed or term.typed in synonyms.translations():
            corrected.append(term.typed)
            continue
        better = similar_word(term.typed, words)
        corrected.append(better or term.typed)
        changed = changed or bool(better)
    similar = None
    if changed:
        text = " ".join(corrected)
        similar = (text, _url(params, q=text))
    translations = []
    for term in terms:
        for italian in synonyms.translations().get(term.typed, []):
            translations.append((term.typed, italian, _url(params, q=italian)))
    selection = found.selection()
    without = []
    for name in selection.masks:
        count = selection.result(excluded=name).bit_count()
        if count:
            label = _("testo cercato") if name == "q" else filterset.filters[name].label
            without.append((label, count, _url(params, **{name: None})))
    return {"similar": similar, "translations": translations, "without": without}
