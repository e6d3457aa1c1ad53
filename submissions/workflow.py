"""The review workflow: the one function that changes a candidacy's state, and the recorded
review actions around it (assignment, checklist, scores, communication of decisions).

Every move runs in one transaction with the candidacy row locked: it checks that the move
is allowed from the current state and by this person, applies its effects, writes the
history row, and sends its notifications once the transaction has committed.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails
from .completeness import missing_items
from .errors import WorkflowError
from .models import AdmissibilityCheck, BodyMembership, Candidacy, CandidacyEvent, Score
from .snapshot import snapshot
from .states import ASSIGN, COMMUNICATE, COUNTING_STATES, DECIDED_STATES, TRANSITIONS, Actor, State

def is_member(user, candidacy):
    if not user.is_authenticated:
        return False
    return BodyMembership.objects.filter(user=user, body_id=candidacy.lead_id).exists()


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


def perform(candidacy, name, user, note="", deadline=None, now=None, communicate=False):
    """Move `candidacy` by the transition called `name`; returns the history row written.

    Raises WorkflowError (nothing changed) when the move is not allowed.
    """
    transition = TRANSITIONS[name]
    now = now or timezone.now()
    note = (note or "").strip()
    with transaction.atomic():
        locked = (Candidacy.objects.select_for_update(of=("self",))
                  .select_related("call", "type", "lead__comune").get(pk=candidacy.pk))
        if not transition.allowed_from(locked.state):
            raise WorkflowError(_("Operazione «%(action)s» non consentita: la candidatura è nello stato «%(state)s».")
                                % {"action": transition.label, "state": locked.get_state_display()})
        _authorise(transition, user, locked)
        if transition.needs_note and not note:
            raise WorkflowError(_("Scrivere la motivazione o il messaggio: è obbligatorio."))
        from_state = locked.state
        if transition.effect:
            transition.effect(locked, now, user=user, note=note, deadline=deadline)
        locked.state = transition.target
        locked.version += 1
        locked.save()
        event = CandidacyEvent.objects.create(
            candidacy=locked, transition=name, from_state=from_state, to_state=transition.target, actor=user,
            at=now, note=note, deadline=deadline if transition.takes_deadline else None,
            # A decision reaches the officer only when communicated (see _communicate).
            is_public=transition.public and not transition.is_decision,
            snapshot=snapshot(locked) if transition.is_submission else None,
        )
        if transition.is_decision and communicate:
            _communicate(locked, user, now)
        transaction.on_commit(lambda: emails.notify(event, transition.emails))
    candidacy.refresh_from_db()
    return event


def just_performed(candidacy, name):
    """Whether the latest move recorded on the candidacy is `name`: the second of two identical
    requests (a double click, two tabs) finds the move already done by the first."""
    latest = (candidacy.events.filter(transition__in=TRANSITIONS).order_by("-at", "-pk")
              .values_list("transition", flat=True).first())
    return latest == name


def allowed_transitions(candidacy, user):
    """The moves this person could try now, for buttons and admin actions."""
    result = []
    for transition in TRANSITIONS.values():
        if not transition.allowed_from(candidacy.state):
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
        candidacy=candidacy, transition=COMMUNICATE.name, from_state=candidacy.state, to_state=candidacy.state,
        actor=user, at=now, note=candidacy.decision_motivation, is_public=COMMUNICATE.public,
    )
    transaction.on_commit(lambda: emails.notify(event, COMMUNICATE.emails))
    return event


def pending_decisions(call):
    """The call's recorded decisions not yet communicated to the proposers."""
    return Candidacy.objects.filter(call=call, state__in=DECIDED_STATES, decision_communicated_at__isnull=True)


def communicate_decisions(call, user, now=None):
    """Send every recorded, not yet communicated decision of a call; returns how many."""
    if not user.has_perm("submissions.review_candidacy"):
        raise WorkflowError(_("Non si dispone dei permessi per questa operazione."))
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(pending_decisions(call).select_for_update())
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
            if candidacy.state not in COUNTING_STATES:
                refused.append((candidacy, _("non è stata presentata")))
                continue
            if not can_review(reviewer, candidacy):
                refused.append((candidacy, _("%(name)s non può istruirla (permessi o conflitto di interessi)")
                                % {"name": reviewer.get_full_name() or reviewer.get_username()}))
                continue
            candidacy.reviewer = reviewer
            candidacy.save(update_fields=["reviewer", "updated_at"])
            CandidacyEvent.objects.create(
                candidacy=candidacy, transition=ASSIGN.name, from_state=candidacy.state, to_state=candidacy.state,
                actor=by, at=now, note=_("Assegnata a %(name)s") % {
                    "name": reviewer.get_full_name() or reviewer.get_username()},
                is_public=ASSIGN.public,
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
    gaps = {m.item for m in missing_items(candidacy)}
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
