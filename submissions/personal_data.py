"""An officer's personal data on request (GDPR art. 15 and 17): export it, or erase it while the
candidacies, their protocol numbers and their history stay whole.

Personal data of an officer live in their account, in the contact person of the candidacies
they filled in (and in the copies of those candidacies: the submission snapshots in the history
and the audit trail), and in the login-attempt records. Erasing blanks the contact person where
it is the officer, anonymises the account (it can no longer log in) and drops the login records;
every candidacy, event and decision keeps existing, now attributed to "utente cancellato N".
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import BodyMembership, Candidacy, CandidacyAttachment, CandidacyEvent

CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
ERASED_CONTACT = {"nome": "", "ruolo": "", "email": "", "telefono": ""}


def _contact_of(user):
    """Candidacies whose contact person is this officer (by email, or by name on their own ones)."""
    match = Q(created_by=user) & Q(contact_name__iexact=user.get_full_name()) if user.get_full_name() else Q(pk=None)
    if user.email:
        match |= Q(contact_email__iexact=user.email)
    return match


def _iso(moment):
    return moment.isoformat() if moment else None


def export(user):
    """Everything we hold about the officer, as plain data (JSON-serialisable)."""
    candidacies = Candidacy.objects.filter(Q(created_by=user) | _contact_of(user)).select_related(
        "call", "lead__comune").order_by("pk")
    from axes.models import AccessAttempt, AccessLog

    return {
        "esportato_il": timezone.now().isoformat(),
        "account": {
            "nome_utente": user.username, "nome": user.first_name, "cognome": user.last_name, "email": user.email,
            "attivo": user.is_active, "registrato_il": _iso(user.date_joined), "ultimo_accesso": _iso(user.last_login),
        },
        "enti": [{"ente": str(m.body), "ruolo": m.role} for m in
                 BodyMembership.objects.filter(user=user).select_related("body__comune")],
        "candidature": [
            {"protocollo": c.protocol_number, "titolo": c.title, "avviso": c.call.title, "stato": c.state,
             "compilata_da_me": c.created_by_id == user.pk,
             "referente": {"nome": c.contact_name, "ruolo": c.contact_role, "email": c.contact_email,
                           "telefono": c.contact_phone}}
            for c in candidacies
        ],
        "passaggi_eseguiti": [
            {"candidatura": e.candidacy.protocol_number or str(e.candidacy.uuid), "passaggio": e.transition,
             "quando": _iso(e.at), "motivazione": e.note}
            for e in CandidacyEvent.objects.filter(actor=user).select_related("candidacy").order_by("pk")
        ],
        "allegati_caricati": [
            {"titolo": a.title, "file": a.original_name, "caricato_il": _iso(a.uploaded_at)}
            for a in CandidacyAttachment.objects.filter(uploaded_by=user).order_by("pk")
        ],
        "tentativi_di_accesso": {
            "falliti": AccessAttempt.objects.filter(username=user.username).count(),
            "registrati": AccessLog.objects.filter(username=user.username).count(),
        },
    }


@transaction.atomic
def erase(user):
    """Erase the officer's personal data; returns how many candidacies lost their contact person."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    contact = _contact_of(user)
    candidacies = list(Candidacy.objects.filter(contact).values_list("pk", flat=True))
    blank = dict.fromkeys(CONTACT_FIELDS, "")
    # update(), not save(): erasing is not an edit of the candidacy, and must not add an audit
    # record that would copy the data once more; the existing copies are blanked below.
    Candidacy.objects.filter(pk__in=candidacies).update(**blank)
    Candidacy.history.filter(contact).update(**blank)
    for event in CandidacyEvent.objects.filter(candidacy__in=candidacies, snapshot__isnull=False):
        if "referente" in event.snapshot:
            event.snapshot["referente"] = ERASED_CONTACT
            event.save(update_fields=["snapshot"])

    username = user.username
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()

    user.username = f"utente-cancellato-{user.pk}"
    user.first_name, user.last_name, user.email = "", "", ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return len(candidacies)
