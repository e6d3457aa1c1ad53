"""The state machine: every move allowed and refused, the deadline, the one-per-body rule, the history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from submissions import workflow
from submissions.models import Candidacy, CandidacyEvent
from submissions.states import TRANSITIONS, State

from .factories import EDUCATIONAL_POVERTY, ORDINARY, draft, make_call, make_user

pytestmark = pytest.mark.django_db

LATER = timedelta(days=7)


def move(candidacy, name, user, **kwargs):
    """Perform a move and deliver its emails, as happens once the request's transaction commits."""
    kwargs.setdefault("note", "Motivazione di prova")
    if name == "request_integration":
        kwargs.setdefault("deadline", timezone.now() + LATER)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return workflow.perform(candidacy, name, user, **kwargs)


def bring_to(state, candidacy, officer, reviewer):
    """Walk a candidacy along the normal path up to `state`."""
    path = {
        State.DRAFT: [],
        State.SUBMITTED: [("submit", officer)],
        State.IN_REVIEW: [("submit", officer), ("start_review", reviewer)],
        State.INTEGRATION_REQUESTED: [("submit", officer), ("start_review", reviewer),
                                      ("request_integration", reviewer)],
        State.ADMITTED: [("submit", officer), ("start_review", reviewer), ("admit", reviewer)],
        State.NOT_ADMITTED: [("submit", officer), ("start_review", reviewer), ("reject", reviewer)],
        State.PUBLISHED: [("submit", officer), ("start_review", reviewer), ("admit", reviewer),
                          ("publish", reviewer)],
        State.WITHDRAWN: [("withdraw", officer)],
    }[state]
    for name, user in path:
        move(candidacy, name, user, communicate=True)
    candidacy.refresh_from_db()
    assert candidacy.state == state


def actor_for(transition, officer, reviewer):
    return officer if transition.actor == "referente" else reviewer


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", list(State))
def test_each_transition_is_allowed_exactly_from_its_source_states(name, state, candidacy, officer, reviewer,
                                                                   taxonomies):
    bring_to(state, candidacy, officer, reviewer)
    transition = TRANSITIONS[name]
    user = actor_for(transition, officer, reviewer)
    before = CandidacyEvent.objects.filter(candidacy=candidacy).count()
    if state in transition.sources:
        if name == "reopen_review":
            # Communicated decisions stand; reopening works only before communication.
            with pytest.raises(workflow.WorkflowError, match="già stato comunicato"):
                move(candidacy, name, user)
            return
        event = move(candidacy, name, user)
        candidacy.refresh_from_db()
        assert candidacy.state == transition.target
        assert (event.from_state, event.to_state, event.actor) == (state, transition.target, user)
    else:
        with pytest.raises(workflow.WorkflowError, match="non consentita"):
            move(candidacy, name, user)
        candidacy.refresh_from_db()
        assert candidacy.state == state
        assert CandidacyEvent.objects.filter(candidacy=candidacy).count() == before


def test_officers_cannot_make_review_moves_and_reviewers_cannot_submit(candidacy, officer, reviewer):
    with pytest.raises(workflow.WorkflowError, match="permessi"):
        workflow.perform(candidacy, "submit", reviewer)
    move(candidacy, "submit", officer)
    with pytest.raises(workflow.WorkflowError, match="permessi"):
        workflow.perform(candidacy, "start_review", officer)


def test_an_officer_of_another_body_cannot_move_the_candidacy(candidacy, other_officer):
    with pytest.raises(workflow.WorkflowError, match="permessi"):
        workflow.perform(candidacy, "submit", other_officer)
    candidacy.refresh_from_db()
    assert candidacy.state == State.DRAFT


def test_a_reviewer_cannot_review_a_candidacy_of_their_own_body(candidacy, officer, bari):
    conflicted = make_user("istruttore.bari", group="Istruttori ANCI", comune=bari)
    move(candidacy, "submit", officer)
    with pytest.raises(workflow.WorkflowError, match="proprio ente"):
        workflow.perform(candidacy, "start_review", conflicted)
    assigned, refused = workflow.assign([candidacy], conflicted, make_user("coordinatore", group="Istruttori ANCI"))
    assert assigned == [] and len(refused) == 1


def test_moves_that_need_a_motivation_refuse_an_empty_one(candidacy, officer, reviewer):
    bring_to(State.IN_REVIEW, candidacy, officer, reviewer)
    for name in ("admit", "reject", "request_integration"):
        with pytest.raises(workflow.WorkflowError, match="obbligatori"):
            workflow.perform(candidacy, name, reviewer, note="  ", deadline=timezone.now() + LATER)
    candidacy.refresh_from_db()
    assert candidacy.state == State.IN_REVIEW


def test_submission_gives_protocol_number_timestamp_and_sends_receipts(candidacy, officer, reviewer):
    mail.outbox.clear()
    before = timezone.now()
    event = move(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    year = timezone.localtime(candidacy.submitted_at).year
    assert candidacy.protocol_number == f"BP-{year}-0001"
    assert before <= candidacy.submitted_at == candidacy.first_submitted_at == event.at
    assert event.snapshot["titolo"] == candidacy.title
    receipt, staff = mail.outbox
    assert candidacy.protocol_number in receipt.subject
    assert officer.email in receipt.to and "maria@example.org" in receipt.to
    assert reviewer.email in staff.to
    assert "/candidature/" in receipt.body


def test_protocol_numbers_follow_each_other(call, officer, other_officer):
    first = draft(call, officer)
    second = draft(call, other_officer)
    move(first, "submit", officer)
    move(second, "submit", other_officer)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.protocol_number.endswith("-0001") and second.protocol_number.endswith("-0002")


def test_an_incomplete_candidacy_cannot_be_submitted_and_says_what_is_missing(call, officer):
    candidacy = draft(call, officer, complete=False)
    with pytest.raises(workflow.WorkflowError) as error:
        move(candidacy, "submit", officer)
    assert "titolo" in error.value.message and "Relazione descrittiva" in error.value.message
    candidacy.refresh_from_db()
    assert candidacy.state == State.DRAFT and candidacy.protocol_number is None


def test_a_late_submission_is_refused_with_the_deadline(taxonomies, officer):
    now = timezone.now()
    closed = make_call("avviso-chiuso", opens=now - timedelta(days=30), closes=now - timedelta(minutes=1))
    candidacy = draft(closed, officer)
    with pytest.raises(workflow.WorkflowError, match="scaduto il"):
        move(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    assert candidacy.state == State.DRAFT


def test_submission_uses_server_time_at_the_deadline(taxonomies, officer):
    closes = timezone.now() + timedelta(hours=1)
    call = make_call("avviso-scadenza", closes=closes)
    on_time, late = draft(call, officer), draft(call, officer, kind=EDUCATIONAL_POVERTY)
    move(on_time, "submit", officer, now=closes - timedelta(seconds=1))
    with pytest.raises(workflow.WorkflowError, match="scaduto"):
        move(late, "submit", officer, now=closes)


def test_one_ordinary_candidacy_per_body_names_the_first(call, officer):
    first = draft(call, officer, title="Prima pratica")
    move(first, "submit", officer)
    first.refresh_from_db()
    second = draft(call, officer, title="Seconda pratica")
    with pytest.raises(workflow.WorkflowError) as error:
        move(second, "submit", officer)
    assert "Prima pratica" in error.value.message and first.protocol_number in error.value.message
    # Projects on povertà educative are allowed on top of the ordinary practice.
    extra = draft(call, officer, kind=EDUCATIONAL_POVERTY, title="Progetto povertà educative")
    move(extra, "submit", officer)


def test_a_withdrawn_candidacy_frees_the_place(call, officer):
    first = draft(call, officer)
    move(first, "submit", officer)
    move(first, "withdraw", officer, note="")
    second = draft(call, officer, title="Un'altra pratica")
    move(second, "submit", officer)
    second.refresh_from_db()
    assert second.state == State.SUBMITTED


def test_the_limit_is_configurable_per_call(taxonomies, officer):
    call = make_call("avviso-due", limits={ORDINARY: 2, EDUCATIONAL_POVERTY: 0})
    move(draft(call, officer, title="Uno"), "submit", officer)
    move(draft(call, officer, title="Due"), "submit", officer)
    with pytest.raises(workflow.WorkflowError, match="Uno"):
        move(draft(call, officer, title="Tre"), "submit", officer)
    with pytest.raises(workflow.WorkflowError, match="non ammette"):
        move(draft(call, officer, kind=EDUCATIONAL_POVERTY), "submit", officer)


def test_integration_cycle_keeps_both_submission_times(candidacy, officer, reviewer):
    bring_to(State.IN_REVIEW, candidacy, officer, reviewer)
    mail.outbox.clear()
    deadline = timezone.now() + LATER
    move(candidacy, "request_integration", reviewer, note="Allegare la delibera di approvazione.",
         deadline=deadline)
    candidacy.refresh_from_db()
    assert candidacy.is_editable and candidacy.integration_deadline == deadline
    (message,) = mail.outbox
    assert "Allegare la delibera" in message.body and officer.email in message.to
    resubmitted = move(candidacy, "resubmit", officer, now=timezone.now() + timedelta(minutes=5))
    candidacy.refresh_from_db()
    submissions = list(candidacy.events.filter(transition__in=["submit", "resubmit"]).values_list("at", flat=True))
    assert len(submissions) == 2 and submissions[1] == resubmitted.at == candidacy.submitted_at
    assert candidacy.first_submitted_at == submissions[0] < submissions[1]
    # The review resumes by itself (it was in review when the integrations were asked for).
    assert candidacy.state == State.IN_REVIEW and candidacy.protocol_number.endswith("-0001")
    assert State.IN_REVIEW == candidacy.public_state


def test_resubmission_after_the_integration_deadline_is_refused(candidacy, officer, reviewer):
    bring_to(State.IN_REVIEW, candidacy, officer, reviewer)
    move(candidacy, "request_integration", reviewer, deadline=timezone.now() + timedelta(days=2))
    with pytest.raises(workflow.WorkflowError, match="termine per le integrazioni"):
        move(candidacy, "resubmit", officer, now=timezone.now() + timedelta(days=3))


def test_decisions_stay_private_until_communicated(candidacy, officer, reviewer):
    bring_to(State.IN_REVIEW, candidacy, officer, reviewer)
    mail.outbox.clear()
    move(candidacy, "admit", reviewer, note="Pratica innovativa e replicabile.")
    candidacy.refresh_from_db()
    assert candidacy.state == State.ADMITTED and candidacy.public_state == State.IN_REVIEW
    assert not mail.outbox
    assert not workflow.visible_events(candidacy, officer).filter(to_state=State.ADMITTED).exists()
    with pytest.raises(workflow.WorkflowError, match="Comunicare"):
        move(candidacy, "publish", reviewer)
    # Until communicated, the reviewer may reconsider.
    move(candidacy, "reopen_review", reviewer, note="Rivedere i punteggi.")
    move(candidacy, "reject", reviewer, note="Risultati non documentati.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert workflow.communicate_decisions(candidacy.call, reviewer) == 1
    candidacy.refresh_from_db()
    assert candidacy.public_state == State.NOT_ADMITTED
    (message,) = mail.outbox
    assert "Non ammessa" in message.subject and "Risultati non documentati." in message.body
    public = workflow.visible_events(candidacy, officer)
    assert [e.transition for e in public] == ["submit", "communicate"]
    assert public.last().note == "Risultati non documentati."
    assert "start_review" in [e.transition for e in workflow.visible_events(candidacy, reviewer)]


def test_every_move_is_recorded_with_who_when_and_why(candidacy, officer, reviewer):
    bring_to(State.PUBLISHED, candidacy, officer, reviewer)
    events = list(candidacy.events.order_by("at", "id"))
    assert [e.transition for e in events] == ["submit", "start_review", "admit", "communicate", "publish"]
    assert all(e.actor_id and e.at for e in events)
    assert events[2].note == "Motivazione di prova"


def test_state_is_not_editable_outside_the_workflow(candidacy):
    assert "state" not in [f.name for f in Candidacy._meta.get_fields() if getattr(f, "editable", False)]
