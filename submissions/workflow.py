"""The review workflow: the one function that changes a candidacy's state, and the recorded
review actions around it (assignment, checklist, scores, communication of decisions).

Every move runs in one transaction with the candidacy row locked: it checks that the move
is allowed from the current state and by this person, applies its effects, writes the
history row, and sends its notifications once the transaction has committed.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from practices.models import Ambito, Comune

from . import emails
from .models import (
    AdmissibilityCheck,
    BodyMembership,
    Candidacy,
    CandidacyEvent,
    ProtocolCounter,
    Score,
)
from .snapshot import snapshot
from .states import COUNTING_STATES, DECIDED_STATES, TRANSITIONS, Actor, State


class WorkflowError(Exception):
    """A move that is not allowed; the message says why, in words for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_member(user, candidacy):
    if not user.is_authenticated:
        return False
    memberships = BodyMembership.objects.filter(user=user)
    if candidacy.proposing_comune_id:
        return memberships.filter(comune_id=candidacy.proposing_comune_id).exists()
    return memberships.filter(ambito_id=candidacy.proposing_ambito_id).exists()


def can_review(user, candidacy):
    """Reviewers act on any candidacy except those of a body they belong to."""
    return user.is_active and user.has_perm("submissions.review_candidacy") and not is_member(user, candidacy)


def _authorise(transition, user, candidacy):
    if transition.actor == Actor.OFFICER:
        allowed = is_member(user, candidacy)
    elif transition.actor == Actor.REVIEWER:
        allowed = can_review(user, candidacy)
    else:
        allowed = user.is_active and user.has_perm("submissions.publish_candidacy")
    if not allowed:
        if (transition.actor == Actor.REVIEWER and user.has_perm("submissions.review_candidacy")
                and is_member(user, candidacy)):
            raise WorkflowError(_("Non si può istruire una candidatura del proprio ente."))
        raise WorkflowError(_("Non si dispone dei permessi per questa operazione."))


def _deadline_text(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _next_protocol_number(now):
    year = timezone.localtime(now).year
    ProtocolCounter.objects.bulk_create([ProtocolCounter(year=year)], ignore_conflicts=True)
    counter = ProtocolCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BP-{year}-{counter.last:04d}"


def _check_one_per_body(candidacy):
    # Locking the body serialises concurrent submissions of the same body for any call.
    body_model = Comune if candidacy.proposing_comune_id else Ambito
    body_model.objects.select_for_update().get(pk=candidacy.body.pk)
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
    missing = candidacy.missing
    if missing:
        items = "; ".join(m.message for m in missing)
        raise WorkflowError(_("La candidatura non è completa. Manca: %(items)s") % {"items": items})


def _on_submit(candidacy, now, **kwargs):
    if not candidacy.call.is_open(now):
        raise WorkflowError(_("L'avviso è scaduto il %(deadline)s: non è più possibile presentare candidature.")
                            % {"deadline": _deadline_text(candidacy.call.closes_at)})
    _check_complete(candidacy)
    _check_one_per_body(candidacy)
    candidacy.protocol_number = candidacy.protocol_number or _next_protocol_number(now)
    candidacy.first_submitted_at = candidacy.first_submitted_at or now
    candidacy.submitted_at = now


def _on_resubmit(candidacy, now, **kwargs):
    if candidacy.integration_deadline and now > candidacy.integration_deadline:
        raise WorkflowError(_("Il termine per le integrazioni è scaduto il %(deadline)s.")
                            % {"deadline": _deadline_text(candidacy.integration_deadline)})
    _check_complete(candidacy)
    candidacy.submitted_at = now
    candidacy.integration_deadline = None


def _on_request_integration(candidacy, now, deadline=None, **kwargs):
    if deadline is None or deadline <= now + timedelta(hours=1):
        raise WorkflowError(_("Indicare un termine futuro per le integrazioni."))
    candidacy.integration_deadline = deadline


def _on_decide(candidacy, now, user=None, note="", **kwargs):
    candidacy.decision_motivation = note
    candidacy.decided_at = now
    candidacy.decided_by = user
    candidacy.decision_communicated_at = None


def _on_reopen_review(candidacy, now, **kwargs):
    if candidacy.decision_communicated_at:
        raise WorkflowError(_("L'esito è già stato comunicato al proponente: non si può riaprire l'istruttoria."))
    candidacy.decision_motivation = ""
    candidacy.decided_at = None
    candidacy.decided_by = None


def _on_publish(candidacy, now, user=None, **kwargs):
    from .publication import publish_practice

    if not candidacy.decision_communicated_at:
        raise WorkflowError(_("Comunicare l'esito al proponente prima di pubblicare la pratica."))
    publish_practice(candidacy, now)


def _on_unpublish(candidacy, now, **kwargs):
    if candidacy.practice_id:
        candidacy.practice.unpublish()


EFFECTS = {
    "submit": _on_submit,
    "resubmit": _on_resubmit,
    "request_integration": _on_request_integration,
    "admit": _on_decide,
    "reject": _on_decide,
    "reopen_review": _on_reopen_review,
    "publish": _on_publish,
    "unpublish": _on_unpublish,
}


def perform(candidacy, name, user, note="", deadline=None, now=None, communicate=False):
    """Move `candidacy` by the transition called `name`; returns the history row written.

    Raises WorkflowError (nothing changed) when the move is not allowed.
    """
    transition = TRANSITIONS[name]
    now = now or timezone.now()
    note = (note or "").strip()
    with transaction.atomic():
        locked = (Candidacy.objects.select_for_update(of=("self",))
                  .select_related("call", "type", "proposing_comune", "proposing_ambito").get(pk=candidacy.pk))
        if locked.state not in transition.sources:
            raise WorkflowError(_("Operazione «%(action)s» non consentita: la candidatura è nello stato «%(state)s».")
                                % {"action": transition.label, "state": locked.get_state_display()})
        _authorise(transition, user, locked)
        if transition.needs_note and not note:
            raise WorkflowError(_("Scrivere la motivazione o il messaggio: è obbligatorio."))
        from_state = locked.state
        effect = EFFECTS.get(name)
        if effect:
            effect(locked, now, user=user, note=note, deadline=deadline)
        locked.state = transition.target
        locked.version += 1
        locked.save()
        event = CandidacyEvent.objects.create(
            candidacy=locked, transition=name, from_state=from_state, to_state=transition.target, actor=user,
            at=now, note=note, deadline=deadline if name == "request_integration" else None,
            # A decision reaches the officer only when communicated (see _communicate).
            is_public=transition.public and name not in {"admit", "reject"},
            snapshot=snapshot(locked) if name in {"submit", "resubmit"} else None,
        )
        if name in {"admit", "reject"} and communicate:
            _communicate(locked, user, now)
        transaction.on_commit(lambda: emails.notify(event))
    candidacy.refresh_from_db()
    return event


def allowed_transitions(candidacy, user):
    """The moves this person could try now, for buttons and admin actions."""
    result = []
    for transition in TRANSITIONS.values():
        if candidacy.state not in transition.sources:
            continue
        try:
            _authorise(transition, user, candidacy)
        except WorkflowError:
            continue
        result.append(transition)
    return result


def _communicate(candidacy, user, now):
    candidacy.decision_communicated_at = now
    candidacy.save(update_fields=["decision_communicated_at", "updated_at"])
    event = CandidacyEvent.objects.create(
        candidacy=candidacy, transition="communicate", from_state=candidacy.state, to_state=candidacy.state,
        actor=user, at=now, note=candidacy.decision_motivation, is_public=True,
    )
    transaction.on_commit(lambda: emails.notify(event))
    return event


def communicate_decisions(call, user, now=None):
    """Send every recorded, not yet communicated decision of a call; returns how many."""
    if not user.has_perm("submissions.review_candidacy"):
        raise WorkflowError(_("Non si dispone dei permessi per questa operazione."))
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(Candidacy.objects.select_for_update()
                       .filter(call=call, state__in=DECIDED_STATES, decision_communicated_at__isnull=True))
        for candidacy in pending:
            _communicate(candidacy, user, now)
        call.decisions_communicated_at = now
        call.save(update_fields=["decisions_communicated_at"])
    return len(pending)


def assign(candidacies, reviewer, by, now=None):
    """Assign candidacies to a reviewer; returns (assigned, refused) with the reason for each refusal."""
    now = now or timezone.now()
    if not by.has_perm("submissions.assign_candidacy"):
        raise WorkflowError(_("Non si dispone dei permessi per assegnare le candidature."))
    assigned, refused = [], []
    with transaction.atomic():
        for candidacy in Candidacy.objects.select_for_update().filter(pk__in=[c.pk for c in candidacies]):
            if candidacy.state in {State.DRAFT, State.WITHDRAWN}:
                refused.append((candidacy, _("non è stata presentata")))
                continue
            if not can_review(reviewer, candidacy):
                refused.append((candidacy, _("%(name)s non può istruirla (permessi o conflitto di interessi)")
                                % {"name": reviewer.get_full_name() or reviewer.get_username()}))
                continue
            candidacy.reviewer = reviewer
            candidacy.save(update_fields=["reviewer", "updated_at"])
            CandidacyEvent.objects.create(
                candidacy=candidacy, transition="assign", from_state=candidacy.state, to_state=candidacy.state,
                actor=by, at=now, note=_("Assegnata a %(name)s") % {
                    "name": reviewer.get_full_name() or reviewer.get_username()},
                is_public=False,
            )
            assigned.append(candidacy)
    return assigned, refused


def _check_reviewable(candidacy, user):
    if not can_review(user, candidacy):
        raise WorkflowError(_("Non si dispone dei permessi per istruire questa candidatura."))
    if candidacy.state not in {State.IN_REVIEW, State.SUBMITTED}:
        raise WorkflowError(_("Verifiche e punteggi si registrano durante l'istruttoria."))


def record_check(candidacy, item, outcome, user, note="", now=None):
    _check_reviewable(candidacy, user)
    check, _created = AdmissibilityCheck.objects.update_or_create(
        candidacy=candidacy, item=item,
        defaults={"outcome": outcome, "note": note, "checked_by": user, "checked_at": now or timezone.now()},
    )
    return check


def record_score(candidacy, criterion, value, user, note="", now=None):
    _check_reviewable(candidacy, user)
    if criterion.call_id != candidacy.call_id:
        raise WorkflowError(_("Il criterio non appartiene all'avviso della candidatura."))
    if not 0 <= int(value) <= 5:
        raise WorkflowError(_("Il punteggio va da 0 a 5."))
    score, _created = Score.objects.update_or_create(
        candidacy=candidacy, criterion=criterion,
        defaults={"value": value, "note": note, "scored_by": user, "scored_at": now or timezone.now()},
    )
    return score


def suggested_checks(candidacy):
    """What the data says about each checklist item, for the reviewer to confirm."""
    Item = AdmissibilityCheck.Item
    gaps = {m.item for m in candidacy.missing}
    in_time = bool(candidacy.first_submitted_at and candidacy.first_submitted_at <= candidacy.call.closes_at)
    counting = Candidacy.objects.of_body(candidacy.body).filter(type=candidacy.type, state__in=COUNTING_STATES)
    limit = candidacy.type.max_per_body
    return {
        Item.IN_TIME: in_time,
        Item.ELIGIBLE_BODY: candidacy.call.accepts(candidacy.body),
        Item.ONE_PER_BODY: limit is None or counting.count() <= limit,
        Item.SECTIONS_COMPLETE: Item.SECTIONS_COMPLETE not in gaps,
        Item.ATTACHMENTS_PRESENT: Item.ATTACHMENTS_PRESENT not in gaps,
        Item.DECLARATIONS_SIGNED: Item.DECLARATIONS_SIGNED not in gaps,
    }


def visible_events(candidacy, user):
    """The history the person may see: all of it for staff, the public part for the officer."""
    events = candidacy.events.select_related("actor")
    if user.is_staff and user.has_perm("submissions.view_candidacy"):
        return events
    return events.filter(Q(is_public=True))
