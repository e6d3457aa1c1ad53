"""The states of a candidacy and the moves between them: the one place that lists them.

`workflow.py` performs the moves; nothing else writes `Candidacy.state`.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    SUBMITTED = "presentata", _("Presentata")
    IN_REVIEW = "in_istruttoria", _("In istruttoria")
    INTEGRATION_REQUESTED = "integrazioni_richieste", _("Integrazioni richieste")
    ADMITTED = "ammessa", _("Ammessa")
    NOT_ADMITTED = "non_ammessa", _("Non ammessa")
    PUBLISHED = "pubblicata", _("Pubblicata")
    WITHDRAWN = "ritirata", _("Ritirata")


class Actor(models.TextChoices):
    OFFICER = "referente", _("Referente dell'ente")
    REVIEWER = "istruttore", _("Istruttore ANCI")
    PUBLISHER = "pubblicazione", _("Chi pubblica nel catalogo")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    actor: str
    # Whether the officer sees this step in the candidacy's history.
    public: bool = True
    needs_note: bool = False


S = State
TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", _("Presenta la candidatura"), (S.DRAFT,), S.SUBMITTED, Actor.OFFICER),
        Transition("resubmit", _("Ripresenta con le integrazioni"), (S.INTEGRATION_REQUESTED,), S.SUBMITTED,
                   Actor.OFFICER),
        Transition("withdraw", _("Ritira la candidatura"),
                   (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INTEGRATION_REQUESTED), S.WITHDRAWN, Actor.OFFICER),
        Transition("start_review", _("Avvia l'istruttoria"), (S.SUBMITTED,), S.IN_REVIEW, Actor.REVIEWER,
                   public=False),
        Transition("request_integration", _("Richiedi integrazioni"), (S.IN_REVIEW,), S.INTEGRATION_REQUESTED,
                   Actor.REVIEWER, needs_note=True),
        Transition("admit", _("Ammetti"), (S.IN_REVIEW,), S.ADMITTED, Actor.REVIEWER, needs_note=True),
        Transition("reject", _("Non ammettere"), (S.IN_REVIEW,), S.NOT_ADMITTED, Actor.REVIEWER, needs_note=True),
        # A decision not yet communicated can be reconsidered; once communicated it stands.
        Transition("reopen_review", _("Riapri l'istruttoria"), (S.ADMITTED, S.NOT_ADMITTED), S.IN_REVIEW,
                   Actor.REVIEWER, public=False, needs_note=True),
        Transition("publish", _("Pubblica nel catalogo"), (S.ADMITTED,), S.PUBLISHED, Actor.PUBLISHER),
        Transition("unpublish", _("Ritira dal catalogo"), (S.PUBLISHED,), S.ADMITTED, Actor.PUBLISHER,
                   needs_note=True),
    )
}

# States in which the officer may still change the candidacy.
EDITABLE_STATES = frozenset({S.DRAFT, S.INTEGRATION_REQUESTED})
# States that count towards the call's one-per-body rule.
COUNTING_STATES = frozenset(set(State) - {S.DRAFT, S.WITHDRAWN})
DECIDED_STATES = frozenset({S.ADMITTED, S.NOT_ADMITTED, S.PUBLISHED})


def transitions_from(state):
    return [t for t in TRANSITIONS.values() if state in t.sources]
