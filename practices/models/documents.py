"""Documents: an uploaded file or a link to one published elsewhere, with a kind and a title.

Practices, bodies, programmes, calls for funding and agreements all carry documents (the
avviso, the delibera, the convenzione…). DocumentBase declares a document once; each owner
has its own table with a real foreign key, so the database keeps every document attached to
something that exists and deleting the owner takes its documents with it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buonepratiche.uploads import validate_upload
from buonepratiche.validators import TextGuard

from .body import Body
from .practice import Practice
from .taxonomy import DocumentKind

# Real titles of avvisi and delibere run to several hundred characters (one of 475 was found).
TITLE_MAX_LENGTH = 1000


def document_path(instance, filename):
    """Files go in a folder per owner (pratiche/<slug>/, enti/<slug>/…): see each folder()."""
    return f"{instance.folder()}/{filename}"


class DocumentBase(TextGuard, models.Model):
    kind = models.ForeignKey(DocumentKind, models.PROTECT, related_name="+", verbose_name=_("tipo"))
    title = models.CharField(_("titolo"), max_length=TITLE_MAX_LENGTH)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, validators=[validate_upload])
    url = models.URLField(_("indirizzo web"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="%(app_label)s_%(class)s_file_or_url",
                violation_error_message=_("Caricare un file oppure indicare un indirizzo web, non entrambi."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        """Where a reader opens the document: the stored file, else the link."""
        return self.file.url if self.file else self.url


class PracticeDocument(DocumentBase):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    practice = models.ForeignKey(Practice, models.CASCADE, related_name="documents", verbose_name=_("pratica"))

    class Meta(DocumentBase.Meta):
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")

    def folder(self):
        return f"pratiche/{self.practice.slug}"


class BodyDocument(DocumentBase):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    body = models.ForeignKey(Body, models.CASCADE, related_name="documents", verbose_name=_("ente"))

    class Meta(DocumentBase.Meta):
        verbose_name = _("documento dell'ente")
        verbose_name_plural = _("documenti dell'ente")

    def folder(self):
        return f"enti/{self.body.slug}"
