"""Piani Sociali di Zona: the plan an Ambito adopts for a period of years.

An Ambito plans its services in Piani di Zona that follow one another (2018-2020, 2022-2024…);
the period is what tells them apart, so it is stored as two years and checked by the database.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard

from .territory import Ambito


class ZonePlan(TextGuard, models.Model):
    catalogue_dependent = True  # shown on the Ambito's page: a change renews the catalogue's cache

    ambito = models.ForeignKey(Ambito, models.CASCADE, related_name="zone_plans", verbose_name=_("ambito"))
    title = models.CharField(
        _("titolo"), max_length=500, blank=True,
        help_text=_("Come il piano è intitolato negli atti; se vuoto, «Piano Sociale di Zona» con il periodo."),
    )
    start_year = models.PositiveSmallIntegerField(_("dal"))
    end_year = models.PositiveSmallIntegerField(_("al"))
    adoption_act = models.CharField(
        _("atto di adozione"), max_length=500, blank=True,
        help_text=_("Ad esempio «Deliberazione del Coordinamento istituzionale n. 4 del 15/03/2022»."),
    )
    url = models.URLField(_("indirizzo web del piano"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("piano sociale di zona")
        verbose_name_plural = _("piani sociali di zona")
        ordering = ["ambito", "start_year", "end_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="zone_plan_period_in_order",
                violation_error_message=_("L'anno di fine del piano non può precedere quello di inizio."),
            ),
            models.UniqueConstraint(
                fields=["ambito", "start_year", "end_year"], name="zone_plan_one_per_period",
                violation_error_message=_("Questo Ambito ha già un Piano di Zona per questo periodo."),
            ),
        ]

    def __str__(self):
        return self.title or str(_("Piano Sociale di Zona %(period)s") % {"period": self.period})

    @property
    def period(self):
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}-{self.end_year}"
