"""Documents of the funding chain (the avvisi, decreti, convenzioni): DocumentBase, one table per owner."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.models import DocumentBase

from .agreement import Agreement
from .programme import FundingCall, Programme


class ProgrammeDocument(DocumentBase):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="documents", verbose_name=_("programma"))

    class Meta(DocumentBase.Meta):
        verbose_name = _("documento del programma")
        verbose_name_plural = _("documenti del programma")

    def folder(self):
        return f"programmi/{self.programme.slug}"


class FundingCallDocument(DocumentBase):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    funding_call = models.ForeignKey(
        FundingCall, models.CASCADE, related_name="documents", verbose_name=_("avviso di finanziamento"),
    )

    class Meta(DocumentBase.Meta):
        verbose_name = _("documento dell'avviso")
        verbose_name_plural = _("documenti dell'avviso")

    def folder(self):
        return f"programmi/{self.funding_call.programme.slug}/avvisi"


class AgreementDocument(DocumentBase):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="documents", verbose_name=_("convenzione"))

    class Meta(DocumentBase.Meta):
        verbose_name = _("documento della convenzione")
        verbose_name_plural = _("documenti della convenzione")

    def folder(self):
        return f"programmi/{self.agreement.programme.slug}/convenzioni"
