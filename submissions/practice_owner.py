"""Practices published from a candidacy belong to their candidacy: publishing or withdrawing
one from the practices' back office (or the import) moves the candidacy through the workflow,
so its state follows and its history records who did it. Registered with
practices.publishing by SubmissionsConfig.ready()."""

from django.utils.translation import gettext as _

from practices.publishing import PublicationRefused

from . import workflow
from .models import Candidacy
from .states import PUBLISH, UNPUBLISH


class CandidacyOwner:
    def owns(self, practice):
        return Candidacy.objects.filter(practice=practice).exists()

    def _move(self, practice, transition, user, note=""):
        candidacy = Candidacy.objects.get(practice=practice)
        try:
            workflow.perform(candidacy, transition.name, user, note=note)
        except workflow.WorkflowError as error:
            raise PublicationRefused(_("«%(title)s»: %(reason)s") % {"title": practice.title,
                                                                    "reason": error.message}) from error

    def publish(self, practice, user):
        self._move(practice, PUBLISH, user)

    def unpublish(self, practice, user, note=""):
        self._move(practice, UNPUBLISH, user,
                   note or _("Ritirata dal catalogo dall'elenco delle pratiche del pannello di amministrazione."))


OWNER = CandidacyOwner()
