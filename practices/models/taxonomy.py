"""Taxonomies used to classify practices.

Each one is data, editable in the back office, so the Region can extend a list
without a software release.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard


class TermManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Term(TextGuard, models.Model):
    name = models.CharField(_("nome"), max_length=200, unique=True)
    slug = models.SlugField(_("identificativo"), max_length=100, unique=True)
    description = models.TextField(_("descrizione"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    objects = TermManager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Tipologia(Term):
    """The kind of good practice, as the call lists them (five in the 2023 Avviso)."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Meta(Term.Meta):
        verbose_name = _("tipologia")
        verbose_name_plural = _("tipologie")


class PolicyArea(Term):
    """The area of social policy: minori e famiglie, disabilità, anziani…"""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Meta(Term.Meta):
        verbose_name = _("area di intervento")
        verbose_name_plural = _("aree di intervento")


class TargetGroup(Term):
    """Who a practice is for (destinatari)."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Meta(Term.Meta):
        verbose_name = _("destinatari")
        verbose_name_plural = _("gruppi di destinatari")


class InvolvementRole(Term):
    """The role an organisation plays in a practice: capofila, partner, ente gestore…"""

    class Meta(Term.Meta):
        verbose_name = _("ruolo nella pratica")
        verbose_name_plural = _("ruoli nella pratica")


class FundingLevel(Term):
    """UE, nazionale, regionale, locale, privato."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Meta(Term.Meta):
        verbose_name = _("livello di finanziamento")
        verbose_name_plural = _("livelli di finanziamento")


class DocumentKind(Term):
    """Avviso, delibera, determina, regolamento, protocollo d'intesa, relazione, altro."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Meta(Term.Meta):
        verbose_name = _("tipo di documento")
        verbose_name_plural = _("tipi di documento")
