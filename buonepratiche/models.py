"""State that every app process must see the same: the catalogue's version and the rate-limit
counters.

Gunicorn runs several worker processes, and without Redis each has its own in-memory cache;
anything kept there is seen by one worker only (a withdrawn practice stayed public on the
others, a client got each worker's search limit). The database is the one store every
process already shares, with transactions and atomic updates, so these live here.
"""

from django.db import models
from django.db.models import Q


class CatalogueVersion(models.Model):
    """The single row naming the current state of the public catalogue.

    Cached pages, counts and the facet index are keyed by this value
    (catalogue/catalogue_cache.py); a change to the catalogue writes a new, never reused value
    in the same transaction, so every process serves from fresh keys from its next request on.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalogue_version_single_row")]

    def __str__(self):
        return str(self.value)


class RateCounter(models.Model):
    """Requests of one client (or account) in one fixed window of one rate limit
    (buonepratiche/ratelimit.py): `key` names scope, subject and window; rows past `expires`
    are purged."""

    key = models.CharField(max_length=100, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True, help_text="Unix time after which the window is over")

    def __str__(self):
        return f"{self.key}: {self.hits}"
