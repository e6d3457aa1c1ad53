"""Creating and saving the officer's draft without ever overwriting someone else's work."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Candidacy, CandidacyAttachment
from .errors import WorkflowError
from .models.state import EDITABLE_STATES
from .states import SUBMISSION_STEPS


class EditConflict(Exception):
    """The draft changed since the form was opened (another tab, another person, or a review step)."""

    def __init__(self, current):
        super().__init__("conflict")
        self.current = current


def start(candidacy_type, membership, user):
    return Candidacy.objects.create(
        call=candidacy_type.call, type=candidacy_type, created_by=user, lead=membership.body,
        contact_name=user.get_full_name(), contact_email=user.email, contact_role=membership.role,
    )


def save(candidacy, form, formsets):
    """Save the form and its rows if the draft is still the version the form was built from."""
    expected = form.cleaned_data["version"]
    with transaction.atomic():
        current = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if current.state not in EDITABLE_STATES:
            raise WorkflowError(_("La candidatura è nello stato «%(state)s» e non si può più modificare.")
                                % {"state": current.get_state_display()})
        if current.version != expected:
            raise EditConflict(current)
        candidacy = form.save(commit=False)
        candidacy.version = current.version + 1
        candidacy.save()
        form.save_m2m()
        for formset in formsets:
            formset.instance = candidacy
            formset.save()
    return candidacy


def touch(candidacy):
    """Count a change made outside the main form (an attachment) as a new version of the draft."""
    Candidacy.objects.filter(pk=candidacy.pk).update(version=candidacy.version + 1)


def add_attachment(candidacy, form, user):
    with transaction.atomic():
        current = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if current.state not in EDITABLE_STATES:
            raise WorkflowError(_("La candidatura non si può più modificare."))
        attachment = form.save(commit=False)
        checked = form.checked
        attachment.candidacy = current
        attachment.original_name = checked.name
        attachment.content_type = checked.content_type
        attachment.size = checked.size
        attachment.sha256 = checked.sha256
        attachment.uploaded_by = user
        attachment.save()
        touch(current)
    return attachment


def remove_attachment(candidacy, attachment_pk):
    with transaction.atomic():
        current = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if current.state not in EDITABLE_STATES:
            raise WorkflowError(_("La candidatura non si può più modificare."))
        attachment = CandidacyAttachment.objects.get(candidacy=current, pk=attachment_pk)
        if current.events.filter(transition__in=SUBMISSION_STEPS).exists():
            # Once something was submitted with it, the file stays on record.
            raise WorkflowError(_("Un allegato già presentato non si può eliminare: caricarne una versione nuova."))
        attachment.file.delete(save=False)
        attachment.delete()
        touch(current)


def delete(candidacy):
    """Delete a draft that was never submitted: it leaves the officer's list and every count.

    Only a draft without history rows: anything submitted, even once, stays on record (its
    events protect it). simple-history keeps the deleted draft's last version and who deleted it.
    """
    with transaction.atomic():
        current = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if not current.is_deletable or current.events.exists():
            raise WorkflowError(_("Si può eliminare solo una bozza mai presentata; una candidatura presentata "
                                  "si può ritirare."))
        files = [attachment.file for attachment in current.attachments.all()]
        current.attachments.all().delete()
        current.delete()
        # The files go only once the rows are gone for good.
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
