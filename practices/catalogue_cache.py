"""Cached facet counts, result counts and summaries of the public catalogue.

The catalogue changes only when practices (or what they link to) are saved, published or
removed, while it is read all the time; counting facets over 100,000 practices costs
seconds. Results are kept per query under a version number that every change replaces
(signals below, and the bulk generator), so a cached count is never stale.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import transaction
from django.utils import translation

ALIAS = "catalogue"
VERSION_KEY = "catalogue:version"
TIMEOUT = 60 * 60
# Parameters that do not change counts.
IGNORED = {"pagina", "ordina", "formato"}


def _cache():
    return caches[ALIAS]


def version():
    current = _cache().get(VERSION_KEY)
    if current is None:
        _cache().add(VERSION_KEY, time.time_ns(), None)
        current = _cache().get(VERSION_KEY)
    return current


def _bump():
    # A fresh, never reused number: entries of older versions simply expire.
    _cache().set(VERSION_KEY, time.time_ns(), None)


def invalidate(**_signal_kwargs):
    _bump()
    # Again at commit: a request that counted between the change and the commit saw the old data
    # and cached it under the new version.
    transaction.on_commit(_bump)


def _key(kind, text):
    return f"catalogue:{version()}:{kind}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def remembered(key, compute):
    """The value under `key`, from compute() the first time."""
    value = get(key)
    if value is None:
        value = compute()
        put(key, value)
    return value


def cached(kind, params, compute):
    """compute() once per catalogue version and set of parameters."""
    pairs = sorted((k, v) for k, values in params.lists() for v in values if k not in IGNORED) \
        if hasattr(params, "lists") else sorted(params)
    return remembered(_key(kind, urlencode(pairs)), compute)


def page_key(kind, *parts):
    """The key of what a page shows the same to every reader (per version, language and `parts`,
    e.g. the URL)."""
    return _key(f"{kind}:{translation.get_language()}", "\x00".join(parts))


def get(key):
    return _cache().get(key)


def put(key, value):
    _cache().set(key, value, TIMEOUT)


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from submissions.models import Call

    from .models import (
        Ambito,
        Comune,
        DocumentKind,
        FundingEntry,
        FundingLevel,
        FundingProgramme,
        PolicyArea,
        Practice,
        PracticeOrganisation,
        Province,
        TargetGroup,
        Tipologia,
    )

    for model in (Practice, FundingEntry, PracticeOrganisation, FundingProgramme, FundingLevel, Ambito, Comune,
                  Province, Tipologia, PolicyArea, TargetGroup, DocumentKind, Call):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}")
    for through in (Practice.areas.through, Practice.target_groups.through, Practice.partner_comuni.through,
                    Ambito.members.through):
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"catalogue-m2m-{through.__name__}")
