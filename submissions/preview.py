"""The public page of a candidacy's practice as it will look once published, for staff only.

The practice is built by the one publication path (publication.publish_practice) inside a
transaction that is always rolled back, and the page is rendered from the public template
before the rollback: what staff see is exactly what publishing would show, and nothing of it is
ever committed (the practice, its participants, the catalogue's version). The only effect
outside the database, the public copies of the attachments, is deleted before the rollback.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buonepratiche.navigation import ItalianText, crumbs

from .models import Candidacy
from .publication import publish_practice


class PreviewRefused(Exception):
    """The candidacy cannot become a practice as it stands (the message says why)."""


def render_preview(request, candidacy):
    """The HTML of the practice page `candidacy` would publish; raises PreviewRefused."""
    # A copy without its practice: a new one is built, so an earlier publication's files stay.
    copy = Candidacy.objects.select_related("call", "type", "lead").get(pk=candidacy.pk)
    copy.practice = None
    with transaction.atomic():
        try:
            practice = publish_practice(copy, timezone.now())
            html = render_to_string("submissions/practice_preview.html", {
                "summary": practice,
                "practice": practice,
                "candidacy": candidacy,
                "breadcrumbs": crumbs((_("Pratiche"), reverse("catalogue:practice_list")),
                                      (ItalianText(practice.title), None)),
                "ambito": practice.ambito,
                "territory": practice.covered_territory(),
                "related": [],
                "jsonld": "",
            }, request)
            for document in practice.documents.all():
                if document.file:
                    document.file.delete(save=False)
        except ValidationError as error:
            raise PreviewRefused("; ".join(error.messages)) from error
        finally:
            transaction.set_rollback(True)
    return html
