"""The site's identity (identity.models.Identity) as every page reads it: from the catalogue
cache, under the catalogue's version, which a change to the identity renews (it is
`catalogue_dependent`), so a page costs no query for it and an edit reaches every reader and
every process at once. Lives here because the cache does; `identity` sits below `catalogue`."""

from django.utils.functional import SimpleLazyObject

from identity.models import Identity

from . import catalogue_cache


def current():
    return catalogue_cache.cached("identity", [], Identity.current)


def context(request):
    """Context processor: `identity` in every template, read only where a template uses it."""
    return {"identity": SimpleLazyObject(current)}
