"""The one URL of a catalogue search: no empty parameter, no repeated one, filters in a fixed order.

A filter form submitted as is gives `?q=&provincia=LE&poverta_educativa=&ordina=recenti…`: long,
unreadable when shared, and a different cache key for the same page. The list view redirects
such a request to its canonical URL (static/js/catalogue-filters.js builds the same URL before
the browser sends the form, so a reader with JavaScript never sees the redirect).
"""

from django.http import QueryDict

from .facets import FACETS
from .filters import PracticeFilter

# Parameters read as one value (Django reads the last one given): a repeat keeps the last.
SINGLE_VALUED = {"q", "ordina", "pagina", "formato", *(spec.param for spec in FACETS if spec.single)}


def canonical_query(query):
    """The canonical query string of `query` (a QueryDict): the filters in the order of the form
    (search, the facets of the registry, then the rest), each value once, empty values dropped;
    the parameters the form does not know (page, download format, others) keep their order."""
    known = list(PracticeFilter.base_filters)
    keys = [key for key in known if key in query] + [key for key in query if key not in known]
    canonical = QueryDict(mutable=True)
    for key in keys:
        values = [value for value in query.getlist(key) if value.strip() != ""]
        if key in SINGLE_VALUED:
            values = values[-1:]
        values = list(dict.fromkeys(values))
        if values:
            canonical.setlist(key, values)
    return canonical.urlencode()


def redirect_target(request):
    """The canonical URL of the request when it has empty or repeated parameters, else None.

    Only those redirect: a link whose parameters are merely in another order (one typed by
    hand, or from an older page) answers as is rather than costing a round trip."""
    canonical = canonical_query(request.GET)
    # canonical_query only drops values: as many kept as given means nothing was empty or repeated.
    if _count(QueryDict(canonical)) == _count(request.GET):
        return None
    return f"{request.path}?{canonical}" if canonical else request.path


def _count(query):
    return sum(len(values) for _, values in query.lists())
