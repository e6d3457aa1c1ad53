"""What the catalogue itself keeps: the synonyms its search expands a query with, kept by staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buonepratiche.text import normalise


class SearchSynonym(models.Model):
    """A term and the words a search for it also looks for.

    One row is a term with its alternatives, of one of two kinds. Synonyms are a group whose words
    each find the others ("disabili", "disabilità", "disabile"): a group rather than pairs, since
    equivalence is shared by every word of it and three pairs would be three rows to keep in step.
    A translation goes one way, from an English word to the Italian ones ("elderly" → "anziani"):
    the cards are in Italian, so an Italian word has no reason to look for English, and knowing which
    side is Italian lets the list page offer «Cerca «anziani»» to a reader who typed English.
    """

    catalogue_dependent = True  # the search reads it: an edit in the admin is effective at once

    class Kind(models.TextChoices):
        SYNONYMS = "sinonimi", _("Sinonimi: ogni parola trova anche le altre")
        TRANSLATION = "traduzione", _("Traduzione dall'inglese: il termine trova le parole italiane")

    term = models.CharField(_("termine"), max_length=100, unique=True)
    alternatives = models.TextField(
        _("trova anche"),
        help_text=_("Parole o espressioni separate da virgole, ad esempio: gioco d'azzardo, azzardopatia."),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.SYNONYMS)

    class Meta:
        verbose_name = _("sinonimo di ricerca")
        verbose_name_plural = _("sinonimi di ricerca")
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(condition=~Q(term=""), name="search_synonym_has_term",
                                   violation_error_message=_("Indicare il termine.")),
            models.CheckConstraint(condition=~Q(alternatives=""), name="search_synonym_has_alternatives",
                                   violation_error_message=_("Indicare almeno una parola da cercare anche.")),
            models.CheckConstraint(condition=Q(kind__in=["sinonimi", "traduzione"]), name="search_synonym_kind",
                                   violation_error_message=_("Tipo di sinonimo sconosciuto.")),
        ]

    def __str__(self):
        return f"{self.term} → {self.alternatives}"

    def alternative_list(self):
        """The alternatives as typed, one entry per comma-separated part."""
        return [part.strip() for part in self.alternatives.split(",") if part.strip()]

    def clean(self):
        if self.term and not normalise(self.term):
            raise ValidationError({"term": _("Il termine deve contenere almeno una lettera o una cifra.")})
        if self.alternatives and not [a for a in self.alternative_list() if normalise(a)]:
            raise ValidationError({"alternatives": _("Indicare almeno una parola da cercare anche.")})
