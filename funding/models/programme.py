"""The top of the funding chain: the programme (fund) and its calls for funding.

A programme is what many bodies draw on (PON Inclusione FSE 2014-2020, Fondo Povertà, PNRR
M5C2, a banking foundation's grants); its calls for funding (avvisi/bandi di finanziamento)
are the acts by which it hands money out. What one beneficiary receives is an Agreement.
"""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard
from practices.models import TITLE_MAX_LENGTH, Body, FundingLevel


class ProgrammeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Programme(TextGuard, models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    name = models.CharField(_("nome"), max_length=255, unique=True)
    slug = models.SlugField(_("identificativo"), max_length=120, unique=True)
    level = models.ForeignKey(FundingLevel, models.PROTECT, related_name="programmes", verbose_name=_("livello"))
    managing_authority = models.ForeignKey(
        Body, models.PROTECT, null=True, blank=True, related_name="managed_programmes",
        verbose_name=_("autorità di gestione"),
        help_text=_("L'ente che gestisce il programma: un ministero, la Regione, una fondazione…"),
    )
    cycle = models.CharField(
        _("ciclo"), max_length=50, blank=True, help_text=_("Il periodo di programmazione, per esempio 2014-2020."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    website = models.URLField(_("sito web"), max_length=500, blank=True)

    objects = ProgrammeManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programma di finanziamento")
        verbose_name_plural = _("programmi di finanziamento")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalogue:programme_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Programme, self.name, self.pk)
        super().save(*args, **kwargs)


def unique_slug(model, text, exclude_pk=None):
    base = slugify(text)[:100] or "programma"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class FundingCall(TextGuard, models.Model):
    """An avviso or bando by which a programme hands money out."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    programme = models.ForeignKey(Programme, models.PROTECT, related_name="calls", verbose_name=_("programma"))
    title = models.CharField(_("titolo"), max_length=TITLE_MAX_LENGTH)
    act = models.CharField(
        _("atto"), max_length=255, blank=True,
        help_text=_("L'atto che lo approva, per esempio D.D. n. 634 del 30.5.2023."),
    )
    code = models.CharField(_("codice"), max_length=100, blank=True)
    date = models.DateField(_("data"), null=True, blank=True)
    url = models.URLField(_("indirizzo web"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avviso di finanziamento")
        verbose_name_plural = _("avvisi di finanziamento")
        ordering = ["programme", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], condition=~models.Q(code=""), name="funding_call_code_per_programme",
                violation_error_message=_("Il programma ha già un avviso con questo codice."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}" if self.code else self.title
