"""The review (istruttoria): the admissibility checklist and the scores per criterion."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from buonepratiche.validators import TextGuard
from calls.models import EvaluationCriterion

from .candidacy import Candidacy


class AdmissibilityCheck(TextGuard, models.Model):
    class Item(models.TextChoices):
        IN_TIME = "in_tempo", _("Presentata entro la scadenza")
        ELIGIBLE_BODY = "ente_ammissibile", _("Ente proponente ammissibile")
        ONE_PER_BODY = "una_per_ente", _("Rispettato il limite di candidature per ente")
        SECTIONS_COMPLETE = "sezioni_complete", _("Scheda compilata in ogni sezione obbligatoria")
        ATTACHMENTS_PRESENT = "allegati_presenti", _("Allegati obbligatori presenti")
        DECLARATIONS_SIGNED = "dichiarazioni_rese", _("Dichiarazioni rese")

    class Outcome(models.TextChoices):
        PASSED = "si", _("Sì")
        FAILED = "no", _("No")

    candidacy = models.ForeignKey(Candidacy, models.CASCADE, related_name="checks", verbose_name=_("candidatura"))
    item = models.CharField(_("requisito"), max_length=30, choices=Item.choices)
    outcome = models.CharField(_("esito"), max_length=2, choices=Outcome.choices)
    note = models.CharField(_("nota"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("verificato da"), editable=False)
    checked_at = models.DateTimeField(_("verificato il"), editable=False)

    class Meta:
        verbose_name = _("verifica di ammissibilità")
        verbose_name_plural = _("verifiche di ammissibilità")
        ordering = ["candidacy", "item"]
        constraints = [models.UniqueConstraint(fields=["candidacy", "item"], name="check_item_once")]

    def __str__(self):
        return f"{self.get_item_display()}: {self.get_outcome_display()}"


class Score(TextGuard, models.Model):
    candidacy = models.ForeignKey(Candidacy, models.CASCADE, related_name="scores", verbose_name=_("candidatura"))
    criterion = models.ForeignKey(EvaluationCriterion, models.PROTECT, related_name="scores",
                                  verbose_name=_("criterio"))
    value = models.PositiveSmallIntegerField(_("punteggio (0–5)"), validators=[MaxValueValidator(5)])
    note = models.TextField(_("nota"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("valutato da"), editable=False)
    scored_at = models.DateTimeField(_("valutato il"), editable=False)

    class Meta:
        verbose_name = _("punteggio")
        verbose_name_plural = _("punteggi")
        ordering = ["candidacy", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="score_at_most_five",
                                   violation_error_message=_("Il punteggio va da 0 a 5.")),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

    @property
    def weighted(self):
        return self.value * self.criterion.weight
