"""Cached facet counts, result counts and summaries of the public catalogue.

The catalogue changes only when practices (or what they link to) are saved, published or
removed, while it is read all the time; counting facets over 100,000 practices costs
seconds. Results are kept per query under a version number that every change replaces
(signals below, connected to every model that declares `catalogue_dependent = True`, and the
bulk generator), so a cached count is never stale.

The version lives in the database (buonepratiche.models.CatalogueVersion), not in the cache:
with several app processes and a per-process cache, a version kept in the cache moved on only
in the process that made the change, and the others kept serving a withdrawn practice. A
change writes a new value in its own transaction, so every process sees it exactly when it
sees the changed data. A request reads the version once (one primary-key lookup) and keeps
it to the end, so one page is built from one version; outside requests (management commands,
tests) it is read afresh each time. What is cached under a version may stay in each process's
memory: a new version means new keys everywhere.
"""

import functools
import hashlib
import threading
import time
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.utils import translation

from buonepratiche import metrics
from buonepratiche.models import CatalogueVersion

ALIAS = "catalogue"
TIMEOUT = 60 * 60
# Parameters that do not change counts.
IGNORED = {"pagina", "ordina", "formato"}

# The version the current request uses; None between requests.
_request = threading.local()


def _cache():
    return caches[ALIAS]


def enabled():
    """False when the catalogue cache is switched off (DummyCache, as in most tests): then
    nothing, not even a process's own copy, is kept."""
    return not isinstance(_cache(), DummyCache)


def _store(value, replace):
    # One statement either way; the row is created on first use (also after a test flush).
    CatalogueVersion.objects.bulk_create(
        [CatalogueVersion(pk=1, value=value)],
        **({"update_conflicts": True, "unique_fields": ["id"], "update_fields": ["value"]} if replace
           else {"ignore_conflicts": True}))


def _read():
    current = CatalogueVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    if current is None:
        _store(time.time_ns(), replace=False)
        current = CatalogueVersion.objects.values_list("value", flat=True).get(pk=1)
    return current


def version():
    """The catalogue's current version: read once per request, afresh outside requests."""
    if not getattr(_request, "active", False):
        return _read()
    if _request.version is None:
        _request.version = _read()
    return _request.version


def invalidate(**_signal_kwargs):
    """A new version, written in the transaction of the change (committed or rolled back with it).

    A fresh, never reused number (the clock in nanoseconds, not +1): a rolled-back change would
    otherwise hand its number to the next change, whose readers would find the pages cached
    from the rolled-back data.
    """
    value = time.time_ns()
    _store(value, replace=True)
    if getattr(_request, "active", False):
        _request.version = value


def _request_started(**_signal_kwargs):
    _request.active, _request.version = True, None


def _request_finished(**_signal_kwargs):
    _request.active, _request.version = False, None


def _key(kind, text):
    return f"catalogue:{version()}:{kind}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def cached(kind, params, compute, *, per_language=False):
    """compute() once per catalogue version, `kind` and parameters (a QueryDict, whose parameters
    that change no count are left out, or (name, value) pairs); `per_language` for what holds
    translated text. The one get-or-compute of the catalogue: values, counts, rendered parts."""
    pairs = sorted((k, v) for k, values in params.lists() for v in values if k not in IGNORED) \
        if hasattr(params, "lists") else sorted(params)
    if per_language:
        kind = f"{kind}:{translation.get_language()}"
    key = _key(kind, urlencode(pairs))
    value = _cache().get(key)
    if value is None:
        metrics.CACHE.labels("miss").inc()
        value = compute()
        _cache().set(key, value, TIMEOUT)
    else:
        metrics.CACHE.labels("hit").inc()
    return value


# kept(): this process's copies of the current version's values, {"version": v, "values": {key: value}}.
_kept = {"version": None, "values": {}}
_kept_lock = threading.RLock()  # re-entrant: a value computed may read another kept one


def kept(kind, params, compute):
    """cached(), plus a copy in this process's memory while the catalogue's version stays: for what
    many requests read whole (the facet index, 8,000 place names, the synonyms), which a shared
    cache would send and unpickle at each request. With a shared cache (Redis) one process computes
    and the others load; a new version drops every copy. The values are shared by the process's
    threads: callers only read them. `params` are (name, value) pairs."""
    if not enabled():
        return compute()
    current, key = version(), (kind, tuple(sorted(params)))
    with _kept_lock:  # one thread computes (the facet index takes seconds); the others wait for it
        if _kept["version"] != current:
            _kept["version"], _kept["values"] = current, {}
        value = _kept["values"].get(key)
        if value is None:
            value = _kept["values"][key] = cached(kind, params, compute)
        return value


def cached_page(kind, vary=None):
    """Declares a view's page as the same for every reader but for what `vary(request, *args,
    **kwargs)` names (default: its URL with the query). The parts of it that fragment() renders are
    kept per catalogue version, language and those values; the rest of the page (the reader's
    name, the CSRF token) is rendered for each request. A part's queries run only when it misses,
    so its data should reach the template as lazy objects."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            parts = vary(request, *args, **kwargs) if vary else [request.get_full_path()]
            request.catalogue_page = (kind, [str(part) for part in parts])
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def fragment(request, name, render):
    """Part `name` of a page declared with @cached_page: render() once per catalogue version,
    language and the page's varying values (the {% catalogue_fragment %} tag calls this)."""
    kind, parts = request.catalogue_page
    return cached(f"{kind}:{name}", list(enumerate(parts)), render, per_language=True)


def dependencies():
    """The models the public catalogue shows, as they declare themselves (`catalogue_dependent =
    True` on the model), and the tables of their many-to-many fields."""
    # Declared on the model itself: its simple-history copy and subclasses do not inherit it.
    models = [model for model in apps.get_models() if model.__dict__.get("catalogue_dependent")]
    throughs = [field.remote_field.through for model in models for field in model._meta.local_many_to_many]
    return models, throughs


def connect_signals():
    """A change to any model the catalogue depends on makes a new version; requests read it once."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_save

    request_started.connect(_request_started, dispatch_uid="catalogue-version-request-started")
    request_finished.connect(_request_finished, dispatch_uid="catalogue-version-request-finished")
    models, throughs = dependencies()
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}")
    for through in throughs:
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"catalogue-m2m-{through.__name__}")
