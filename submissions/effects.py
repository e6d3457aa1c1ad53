"""What each transition does besides changing the state: its checks and the fields it writes.

submissions/states.py attaches these to the transitions it declares; workflow.perform runs
them inside its transaction, with the candidacy row locked. Each raises WorkflowError to refuse.
"""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from practices.models import Body

from .completeness import missing_items
from .errors import WorkflowError
from .models import Candidacy, ProtocolCounter
from .models.state import COUNTING_STATES
from .publication import publish_practice


def _deadline_text(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _next_protocol_number(now):
    year = timezone.localtime(now).year
    ProtocolCounter.objects.bulk_create([ProtocolCounter(year=year)], ignore_conflicts=True)
    counter = ProtocolCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BP-{year}-{counter.last:04d}"


def _check_per_body_limit(candidacy):
    # Locking the lead body serialises concurrent submissions of the same body for any call.
    Body.objects.select_for_update().get(pk=candidacy.lead_id)
    limit = candidacy.type.max_per_body
    if limit is None:
        return
    others = (Candidacy.objects.of_body(candidacy.body)
              .filter(type=candidacy.type, state__in=COUNTING_STATES)
              .exclude(pk=candidacy.pk).order_by("first_submitted_at"))
    if candidacy.type.is_closed:
        raise WorkflowError(_("L'avviso non ammette candidature di questo tipo."))
    if others.count() >= limit:
        first = others.first()
        raise WorkflowError(
            _("%(body)s ha già presentato «%(title)s» (protocollo %(protocol)s) per questo avviso: "
              "l'avviso ammette %(limit)s candidatura di questo tipo per ente.") % {
                "body": candidacy.body_name, "title": first.title, "protocol": first.protocol_number,
                "limit": limit}
        )


def _check_complete(candidacy):
    missing = missing_items(candidacy)
    if missing:
        items = "; ".join(m.message for m in missing)
        raise WorkflowError(_("La candidatura non è completa. Manca: %(items)s") % {"items": items})


def submit(candidacy, now, **kwargs):
    if not candidacy.call.is_open(now):
        raise WorkflowError(_("L'avviso è scaduto il %(deadline)s: non è più possibile presentare candidature.")
                            % {"deadline": _deadline_text(candidacy.call.closes_at)})
    _check_complete(candidacy)
    _check_per_body_limit(candidacy)
    candidacy.protocol_number = candidacy.protocol_number or _next_protocol_number(now)
    candidacy.first_submitted_at = candidacy.first_submitted_at or now
    candidacy.submitted_at = now


def resubmit(candidacy, now, **kwargs):
    if candidacy.integration_deadline and now > candidacy.integration_deadline:
        raise WorkflowError(_("Il termine per le integrazioni è scaduto il %(deadline)s.")
                            % {"deadline": _deadline_text(candidacy.integration_deadline)})
    _check_complete(candidacy)
    candidacy.submitted_at = now
    candidacy.integration_deadline = None


def request_integration(candidacy, now, deadline=None, **kwargs):
    if deadline is None or deadline <= now + timedelta(hours=1):
        raise WorkflowError(_("Indicare un termine futuro per le integrazioni."))
    candidacy.integration_deadline = deadline


def decide(candidacy, now, user=None, note="", **kwargs):
    candidacy.decision_motivation = note
    candidacy.decided_at = now
    candidacy.decided_by = user
    candidacy.decision_communicated_at = None


def reopen_review(candidacy, now, **kwargs):
    if candidacy.decision_communicated_at:
        raise WorkflowError(_("L'esito è già stato comunicato al proponente: non si può riaprire l'istruttoria."))
    candidacy.decision_motivation = ""
    candidacy.decided_at = None
    candidacy.decided_by = None


def publish(candidacy, now, **kwargs):
    if not candidacy.decision_communicated_at:
        raise WorkflowError(_("Comunicare l'esito al proponente prima di pubblicare la pratica."))
    publish_practice(candidacy, now)


def unpublish(candidacy, now, **kwargs):
    if candidacy.practice_id:
        candidacy.practice.unpublish()
