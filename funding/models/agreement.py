"""What one beneficiary receives from a programme, year by year and stage by stage, and the
practices it pays for.

An Agreement is a convenzione (with its code, e.g. a PON Inclusione `AV3-2016-PUG_12`), a
grant (contributo) or an allocation (assegnazione/riparto: an Ambito's yearly quota of a
national fund). It stands on its own: a body's allocations need no practice; practices link
to the agreements that fund them through PracticeFunding. Amounts are stated per year and
stage, as the acts report them (assigned, committed, paid, reported), and the totals are
computed in one place (AmountTable).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard
from practices.models import Body, Practice

from ..amounts import AmountField
from .programme import FundingCall, Programme


class Stage(models.TextChoices):
    """The stages of an amount, in the order money moves."""

    ASSIGNED = "assegnato", _("assegnato")
    COMMITTED = "impegnato", _("impegnato")
    PAID = "liquidato", _("liquidato")
    REPORTED = "rendicontato", _("rendicontato")


@dataclass
class AmountTable:
    """Amounts by year (rows) and stage (columns) with the total of each stage."""

    rows: list = field(default_factory=list)  # [(year, [amount or None per stage])]
    totals: list = field(default_factory=list)  # [total or None per stage]
    stages: tuple = tuple(Stage)

    @classmethod
    def of(cls, amounts):
        """From AgreementAmount rows (prefetched or not): no query of its own."""
        by_year = defaultdict(dict)
        for amount in amounts:
            by_year[amount.year][amount.stage] = amount.amount
        stages = [stage for stage in Stage if any(stage in row for row in by_year.values())]
        rows = [(year, [by_year[year].get(stage) for stage in stages]) for year in sorted(by_year)]
        totals = [sum((row[i] for _year, row in rows if row[i] is not None), Decimal(0)) for i in range(len(stages))]
        return cls(rows=rows, totals=totals, stages=tuple(stages))

    @property
    def headers(self):
        return [stage.label for stage in self.stages]

    @property
    def total_assigned(self):
        return dict(zip(self.stages, self.totals)).get(Stage.ASSIGNED)

    def __bool__(self):
        return bool(self.rows)


class AgreementQuerySet(models.QuerySet):
    def with_amounts(self):
        return self.select_related(
            "programme__level", "funding_call", "beneficiary__comune__province", "beneficiary__ambito",
        ).prefetch_related("amounts", "documents__kind")


class Agreement(TextGuard, models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Kind(models.TextChoices):
        AGREEMENT = "convenzione", _("convenzione")
        GRANT = "contributo", _("contributo")
        ALLOCATION = "assegnazione", _("assegnazione (riparto di un fondo)")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    programme = models.ForeignKey(Programme, models.PROTECT, related_name="agreements", verbose_name=_("programma"))
    funding_call = models.ForeignKey(
        FundingCall, models.PROTECT, null=True, blank=True, related_name="agreements",
        verbose_name=_("avviso di finanziamento"), help_text=_("Deve appartenere allo stesso programma."),
    )
    code = models.CharField(
        _("codice"), max_length=100, blank=True,
        help_text=_("Il codice della convenzione o del progetto negli atti, per esempio AV3-2016-PUG_12."),
    )
    beneficiary = models.ForeignKey(
        Body, models.PROTECT, null=True, blank=True, related_name="agreements", verbose_name=_("beneficiario"),
        help_text=_("L'ente che riceve il finanziamento; vuoto solo se la fonte non lo indica."),
    )
    title = models.CharField(_("titolo"), max_length=1000, blank=True)
    signed_on = models.DateField(_("data di sottoscrizione"), null=True, blank=True)
    starts_on = models.DateField(_("inizio"), null=True, blank=True)
    ends_on = models.DateField(_("fine"), null=True, blank=True)
    note = models.TextField(_("nota"), blank=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convenzione o assegnazione")
        verbose_name_plural = _("convenzioni e assegnazioni")
        ordering = ["programme__name", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], condition=~Q(code=""), name="agreement_code_per_programme",
                violation_error_message=_("Il programma ha già una convenzione con questo codice."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("La fine non può precedere l'inizio."),
            ),
        ]

    def __str__(self):
        label = self.code or self.title or self.get_kind_display()
        return f"{self.programme} – {label}" if self.programme_id else label

    def clean(self):
        super().clean()
        if self.funding_call_id and self.programme_id and self.funding_call.programme_id != self.programme_id:
            raise ValidationError({"funding_call": _("L'avviso di finanziamento appartiene a un altro programma.")})

    def save(self, *args, **kwargs):
        # The programme follows from the call where only the call is given: never two programmes.
        if self.funding_call_id and not self.programme_id:
            self.programme_id = self.funding_call.programme_id
        super().save(*args, **kwargs)

    def amount_table(self):
        return AmountTable.of(self.amounts.all())


class AgreementAmountQuerySet(models.QuerySet):
    def totals_by_stage(self):
        """{stage: sum} over these amounts, in one query."""
        return dict(self.values_list("stage").annotate(total=Sum("amount")).order_by())


class AgreementAmount(models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="amounts", verbose_name=_("convenzione"))
    year = models.PositiveSmallIntegerField(_("anno"))
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, default=Stage.ASSIGNED)
    amount = AmountField(_("importo (€)"))

    objects = AgreementAmountQuerySet.as_manager()

    class Meta:
        verbose_name = _("importo")
        verbose_name_plural = _("importi per anno e fase")
        ordering = ["year", "stage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "stage"], name="agreement_amount_once_per_year_stage",
                violation_error_message=_("Per questa convenzione c'è già un importo di quest'anno in questa fase."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="agreement_amount_not_negative",
                violation_error_message=_("L'importo non può essere negativo."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950) & Q(year__lte=2100), name="agreement_amount_year_plausible",
                violation_error_message=_("Indicare un anno tra il 1950 e il 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_stage_display()}: {self.amount}"


def total_assigned(links):
    """What a practice's funding links assign it (PracticeFunding.assigned of each), None if none states it."""
    amounts = [link.assigned() for link in links]
    amounts = [amount for amount in amounts if amount is not None]
    return sum(amounts) if amounts else None


class PracticeFunding(TextGuard, models.Model):
    """A practice funded by an agreement, for all of it or for a share."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    practice = models.ForeignKey(Practice, models.CASCADE, related_name="funding", verbose_name=_("pratica"))
    agreement = models.ForeignKey(
        Agreement, models.PROTECT, related_name="practice_links", verbose_name=_("convenzione o contributo"),
    )
    amount = AmountField(
        _("quota (€)"), null=True, blank=True,
        help_text=_("La parte del finanziamento destinata alla pratica, se la fonte la indica."),
    )
    note = models.CharField(_("nota"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("finanziamento della pratica")
        verbose_name_plural = _("finanziamenti della pratica")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "agreement"], name="practice_funding_once"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="practice_funding_amount_not_negative",
                violation_error_message=_("L'importo non può essere negativo."),
            ),
        ]

    def __str__(self):
        return str(self.agreement)

    def _assigned_amounts(self):
        # Reads the agreement's amounts as prefetched: no query per link on pages and downloads.
        return [row for row in self.agreement.amounts.all() if row.stage == Stage.ASSIGNED]

    def assigned(self):
        """What the practice is assigned: its share where stated, else all the agreement assigns."""
        if self.amount is not None:
            return self.amount
        rows = self._assigned_amounts()
        return sum((row.amount for row in rows), Decimal(0)) if rows else None

    def as_line(self):
        """(programme, level slug, amount, year, note): the link as a line of the «finanziamenti»
        column, the year given where the amount is all of one year."""
        years = {row.year for row in self._assigned_amounts()}
        year = years.pop() if self.amount is None and len(years) == 1 else None
        programme = self.agreement.programme
        return programme.name, programme.level.slug, self.assigned(), year, self.note
