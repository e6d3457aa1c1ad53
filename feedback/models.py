"""One reader's rating of one page, with the Designers Italia follow-up answers.

The page-rating pattern of Designers Italia asks how clear the page was (1 to 5 stars), then,
by the answer, what went wrong (1–3) or what was liked (4–5), then for optional details. The
two lists of aspects are one field: which of them fits which rating is a database constraint.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Aspect(models.TextChoices):
    # For ratings 1–3: "Dove hai incontrato le maggiori difficoltà?"
    UNCLEAR = "poco_chiare", _("A volte le indicazioni non erano chiare")
    INCOMPLETE = "incomplete", _("A volte le indicazioni non erano complete")
    UNSURE = "incerto", _("A volte non capivo se stavo procedendo correttamente")
    TECHNICAL_PROBLEMS = "problemi_tecnici", _("Ho avuto problemi tecnici")
    OTHER_PROBLEM = "altra_difficolta", _("Altro")
    # For ratings 4–5: "Quali sono stati gli aspetti che hai preferito?"
    CLEAR = "chiare", _("Le indicazioni erano chiare")
    COMPLETE = "complete", _("Le indicazioni erano complete")
    SURE = "sicuro", _("Capivo sempre che stavo procedendo correttamente")
    NO_PROBLEMS = "nessun_problema", _("Non ho avuto problemi tecnici")
    OTHER_MERIT = "altro_aspetto", _("Altro")


NEGATIVE_ASPECTS = (Aspect.UNCLEAR, Aspect.INCOMPLETE, Aspect.UNSURE, Aspect.TECHNICAL_PROBLEMS, Aspect.OTHER_PROBLEM)
POSITIVE_ASPECTS = (Aspect.CLEAR, Aspect.COMPLETE, Aspect.SURE, Aspect.NO_PROBLEMS, Aspect.OTHER_MERIT)
# A rating from 4 stars up is a good one: the follow-up asks what was liked.
GOOD_RATING = 4
DETAIL_MAX_LENGTH = 200


class PageRating(models.Model):
    page = models.CharField(_("pagina"), max_length=300, db_index=True,
                            help_text=_("L'indirizzo della pagina valutata, senza dominio."))
    rating = models.PositiveSmallIntegerField(_("valutazione"), choices=[(n, str(n)) for n in range(1, 6)])
    aspect = models.CharField(_("aspetto"), max_length=20, choices=Aspect.choices, blank=True)
    detail = models.TextField(_("dettagli"), max_length=DETAIL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("data"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("valutazione di una pagina")
        verbose_name_plural = _("valutazioni delle pagine")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(aspect="")
                | Q(rating__lt=GOOD_RATING, aspect__in=[a.value for a in NEGATIVE_ASPECTS])
                | Q(rating__gte=GOOD_RATING, aspect__in=[a.value for a in POSITIVE_ASPECTS]),
                name="feedback_aspect_fits_rating",
            ),
        ]

    def __str__(self):
        return f"{self.page} – {self.rating}/5"

    def aspects(self):
        """The follow-up choices that fit this rating."""
        return POSITIVE_ASPECTS if self.rating >= GOOD_RATING else NEGATIVE_ASPECTS
