"""Calls for proposals (Avvisi). The review workflow builds on these."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Call(models.Model):
    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("identificativo"), max_length=100, unique=True)
    act = models.CharField(
        _("atto di approvazione"), max_length=255, blank=True,
        help_text=_("Ad esempio «Determinazione Dirigenziale n. 634 del 30.5.2023, BURP n. 51 del 15.6.2023»."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    region = models.ForeignKey(
        "practices.Region", models.PROTECT, null=True, blank=True, related_name="calls",
        verbose_name=_("regione"), help_text=_("Possono partecipare i Comuni e gli Ambiti di questa regione."),
    )
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("scadenza"))

    objects = CallManager()

    class Meta:
        verbose_name = _("avviso")
        verbose_name_plural = _("avvisi")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("La scadenza deve seguire l'apertura."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def year(self):
        return timezone.localtime(self.opens_at).year

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at
