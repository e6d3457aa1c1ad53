"""The one declaration of how a candidacy moves: every transition with its sources, target and
actor, what it does (its effect), whether it is a decision, what the officer's history says,
what the person who made it is told, and which emails it sends. Also the two recorded steps
that leave the state as it is (assignment, communication of a decision).

`workflow.perform` is the one writer of `Candidacy.state`; nothing else names a transition
by a string. The states themselves are plain choices in models/state.py.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import effects
from .models.state import COUNTING_STATES, DECIDED_STATES, EDITABLE_STATES, Actor, State  # noqa: F401


class Audience:
    OFFICER = "officer"  # the body's officers and the candidacy's contact
    STAFF = "staff"  # SUBMISSIONS_STAFF_EMAILS, or the reviewers


@dataclass(frozen=True)
class Email:
    # templates/submissions/email/<template>_subject.txt and _body.txt
    template: str
    audience: str


RECEIPT = (Email("receipt", Audience.OFFICER), Email("staff_new_submission", Audience.STAFF))


@dataclass(frozen=True, kw_only=True)
class Step:
    """Something recorded in a candidacy's history (CandidacyEvent.transition is its name)."""

    name: str
    label: str
    # What the officer's history says (empty: "from → to").
    history_label: str = ""
    # Whether the officer sees this step in the candidacy's history.
    public: bool = True
    emails: tuple = ()
    # The history names the outcome (the state reached) after the label.
    names_outcome: bool = False


@dataclass(frozen=True, kw_only=True)
class Transition(Step):
    sources: tuple
    target: str
    actor: str
    needs_note: bool = False
    # Checks and writes besides the state (effects.py), run with the row locked.
    effect: object = None
    # A decision reaches the officer only once communicated (COMMUNICATE).
    is_decision: bool = False
    # The officer submits content: it is kept as a snapshot, and a receipt follows.
    is_submission: bool = False
    # The move sets a deadline for the officer.
    takes_deadline: bool = False
    # What the officer is told after the move, when the officer makes it.
    done_message: str = ""

    def allowed_from(self, state):
        return state in self.sources


S = State
SUBMIT = Transition(
    name="submit", label=_("Presenta la candidatura"), sources=(S.DRAFT,), target=S.SUBMITTED,
    actor=Actor.OFFICER, effect=effects.submit, is_submission=True, emails=RECEIPT,
    history_label=_("Candidatura presentata"),
    done_message=_("Candidatura presentata. La ricevuta è stata inviata per email."))
# Integrations are asked for during the review, so the answer takes the candidacy straight back
# into it: the reviewer finds it in review again, with no "Avvia l'istruttoria" to repeat.
RESUBMIT = Transition(
    name="resubmit", label=_("Ripresenta con le integrazioni"), sources=(S.INTEGRATION_REQUESTED,),
    target=S.IN_REVIEW, actor=Actor.OFFICER, effect=effects.resubmit, is_submission=True, emails=RECEIPT,
    history_label=_("Integrazioni presentate"),
    done_message=_("Integrazioni presentate. La ricevuta è stata inviata per email."))
WITHDRAW = Transition(
    name="withdraw", label=_("Ritira la candidatura"),
    sources=(S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INTEGRATION_REQUESTED), target=S.WITHDRAWN,
    actor=Actor.OFFICER, history_label=_("Candidatura ritirata"), done_message=_("Candidatura ritirata."))
START_REVIEW = Transition(
    name="start_review", label=_("Avvia l'istruttoria"), sources=(S.SUBMITTED,), target=S.IN_REVIEW,
    actor=Actor.REVIEWER, public=False)
REQUEST_INTEGRATION = Transition(
    name="request_integration", label=_("Richiedi integrazioni"), sources=(S.IN_REVIEW,),
    target=S.INTEGRATION_REQUESTED, actor=Actor.REVIEWER, needs_note=True, effect=effects.request_integration,
    takes_deadline=True, emails=(Email("integration_request", Audience.OFFICER),),
    history_label=_("Integrazioni richieste"))
ADMIT = Transition(
    name="admit", label=_("Ammetti"), sources=(S.IN_REVIEW,), target=S.ADMITTED, actor=Actor.REVIEWER,
    needs_note=True, effect=effects.decide, is_decision=True)
REJECT = Transition(
    name="reject", label=_("Non ammettere"), sources=(S.IN_REVIEW,), target=S.NOT_ADMITTED, actor=Actor.REVIEWER,
    needs_note=True, effect=effects.decide, is_decision=True)
# A decision not yet communicated can be reconsidered; once communicated it stands.
REOPEN_REVIEW = Transition(
    name="reopen_review", label=_("Riapri l'istruttoria"), sources=(S.ADMITTED, S.NOT_ADMITTED),
    target=S.IN_REVIEW, actor=Actor.REVIEWER, public=False, needs_note=True, effect=effects.reopen_review)
PUBLISH = Transition(
    name="publish", label=_("Pubblica nel catalogo"), sources=(S.ADMITTED,), target=S.PUBLISHED,
    actor=Actor.PUBLISHER, effect=effects.publish, emails=(Email("published", Audience.OFFICER),),
    history_label=_("Pratica pubblicata nel catalogo"))
UNPUBLISH = Transition(
    name="unpublish", label=_("Ritira dal catalogo"), sources=(S.PUBLISHED,), target=S.ADMITTED,
    actor=Actor.PUBLISHER, needs_note=True, effect=effects.unpublish,
    history_label=_("Pratica ritirata dal catalogo"))

TRANSITIONS = {t.name: t for t in (SUBMIT, RESUBMIT, WITHDRAW, START_REVIEW, REQUEST_INTEGRATION, ADMIT, REJECT,
                                   REOPEN_REVIEW, PUBLISH, UNPUBLISH)}

# Recorded steps that leave the state as it is.
COMMUNICATE = Step(name="communicate", label=_("Comunicazione dell'esito"), history_label=_("Esito"),
                   names_outcome=True, emails=(Email("decision", Audience.OFFICER),))
ASSIGN = Step(name="assign", label=_("Assegnazione"), public=False)

STEPS = {**TRANSITIONS, COMMUNICATE.name: COMMUNICATE, ASSIGN.name: ASSIGN}
SUBMISSION_STEPS = frozenset(t.name for t in TRANSITIONS.values() if t.is_submission)


def transitions_from(state):
    return [t for t in TRANSITIONS.values() if t.allowed_from(state)]
