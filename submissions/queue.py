"""What a reviewer opens the back office for: the candidacies assigned to them that wait for
them, what waits for the review as a whole (by state), and the dates that are coming (the
officers' deadlines for integrations, the calls' closing dates). The admin home shows it
(templates/admin/index.html, through the `review_queue` tag); staff with nothing assigned see
the overview and every deadline.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from .models import Candidacy
from .models.state import DECIDED_STATES, State

S = State
# The states a reviewer still follows, in the order of the cycle: those where the review has the
# next move, and the wait for the officer's integrations.
OPEN_STATES = (S.SUBMITTED, S.IN_REVIEW, S.INTEGRATION_REQUESTED, S.ADMITTED, S.NOT_ADMITTED)


def next_step(candidacy):
    """What the candidacy waits for, in a few words."""
    if candidacy.state == S.SUBMITTED:
        return _("avviare l'istruttoria")
    if candidacy.state == S.IN_REVIEW:
        return _("verifiche, punteggi ed esito")
    if candidacy.state == S.INTEGRATION_REQUESTED:
        return _("in attesa delle integrazioni del referente")
    if candidacy.state in DECIDED_STATES and not candidacy.decision_communicated_at:
        return _("comunicare l'esito")
    if candidacy.state == S.ADMITTED:
        return _("pubblicare nel catalogo")
    return ""


@dataclass
class Queue:
    mine: list = field(default_factory=list)
    by_state: list = field(default_factory=list)
    unassigned: int = 0
    integration_deadlines: list = field(default_factory=list)
    closing_calls: list = field(default_factory=list)


def review_queue(user, now=None):
    now = now or timezone.now()
    candidacies = Candidacy.objects.select_related("call", "lead__comune")
    mine = list(candidacies.filter(reviewer=user, state__in=OPEN_STATES).order_by("integration_deadline", "submitted_at"))
    for candidacy in mine:
        candidacy.next_step = next_step(candidacy)
    counts = dict(Candidacy.objects.filter(state__in=OPEN_STATES).values_list("state")
                  .annotate(n=Count("pk")).values_list("state", "n"))
    by_state = [(State(state), counts.get(state, 0)) for state in OPEN_STATES]
    waiting = candidacies.filter(state=S.INTEGRATION_REQUESTED, integration_deadline__isnull=False)
    if mine:
        # A reviewer with a queue of their own follows the deadlines of that queue.
        waiting = waiting.filter(reviewer=user)
    return Queue(
        mine=mine,
        by_state=by_state,
        unassigned=Candidacy.objects.filter(state=S.SUBMITTED, reviewer__isnull=True).count(),
        integration_deadlines=list(waiting.order_by("integration_deadline")),
        closing_calls=list(Call.objects.filter(closes_at__gt=now).annotate(
            submitted=Count("candidacies", filter=~Q(candidacies__state__in=(S.DRAFT, S.WITHDRAWN))))
            .order_by("closes_at")),
    )
