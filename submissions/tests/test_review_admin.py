"""ANCI staff in the admin: the queue, assignment, checklist and scores, decisions, ranking, publication."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from submissions import workflow
from submissions.admin.ranking import weighted_total
from submissions.models import AdmissibilityCheck, Candidacy, Score
from submissions.states import State

from .factories import draft, make_user

pytestmark = pytest.mark.django_db


def change_url(candidacy):
    return reverse("admin:submissions_candidacy_change", args=[candidacy.pk])


def transition(client, candidacy, name, **data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, name]), data)


def test_queue_filters_and_search(reviewer_client, submitted, call, other_officer):
    other = draft(call, other_officer, title="Pratica di Monopoli")
    workflow.perform(other, "submit", other_officer)
    url = reverse("admin:submissions_candidacy_changelist")
    page = reviewer_client.get(url)
    assert page.status_code == 200 and submitted.title in page.text and "Pratica di Monopoli" in page.text
    for query in ({"state__exact": "presentata"}, {"call__id__exact": call.pk}, {"provincia": "BA"},
                  {"q": submitted.protocol_number}, {"type__name": "Buona pratica"},
                  {"lead__id__exact": submitted.lead_id}, {"lead__kind__exact": "comune"}):
        assert reviewer_client.get(url, query).status_code == 200, query
    searched = reviewer_client.get(url, {"q": "Monopoli"})
    assert "Pratica di Monopoli" in searched.text and submitted.title not in searched.text


def test_bulk_assignment_to_a_reviewer(reviewer_client, reviewer, submitted, call, other_officer):
    colleague = make_user("istruttore.due", group="Istruttori ANCI")
    other = draft(call, other_officer, title="Seconda")
    workflow.perform(other, "submit", other_officer)
    url = reverse("admin:submissions_candidacy_changelist")
    chosen = {ACTION_CHECKBOX_NAME: [submitted.pk, other.pk], "action": "assign_to_reviewer"}
    form = reviewer_client.post(url, chosen)
    assert form.status_code == 200 and "Assegna le candidature" in form.text
    done = reviewer_client.post(url, {**chosen, "apply": "1", "reviewer": colleague.pk})
    assert done.status_code == 302
    assert set(Candidacy.objects.values_list("reviewer", flat=True)) == {colleague.pk}
    event = submitted.events.get(transition="assign")
    assert event.actor == reviewer and not event.is_public
    reviewer_client.post(url, {ACTION_CHECKBOX_NAME: [submitted.pk], "action": "assign_to_me"})
    submitted.refresh_from_db()
    assert submitted.reviewer == reviewer


def test_checklist_and_scores_are_recorded_with_who_and_when(reviewer_client, reviewer, submitted):
    workflow.perform(submitted, "start_review", reviewer)
    url = reverse("admin:submissions_candidacy_review", args=[submitted.pk])
    page = reviewer_client.get(url)
    assert page.status_code == 200 and "Verifica di ammissibilità" in page.text
    criteria = list(submitted.call.criteria.all())
    data = {f"check_{item}": "si" for item in AdmissibilityCheck.Item.values}
    data["check_allegati_presenti_note"] = "Relazione presente."
    data.update({f"score_{c.pk}": str(n) for n, c in zip((5, 4, 3), criteria)})
    data[f"score_{criteria[0].pk}_note"] = "Molto innovativa."
    response = reviewer_client.post(url, data)
    assert response.status_code == 302
    assert AdmissibilityCheck.objects.filter(candidacy=submitted, checked_by=reviewer).count() == 6
    assert Score.objects.get(candidacy=submitted, criterion=criteria[0]).note == "Molto innovativa."
    total = Candidacy.objects.filter(pk=submitted.pk).annotate(total=weighted_total()).get().total
    assert total == 5 * 5 + 4 * 5 + 3 * 4


def test_suggested_checklist_reflects_the_data(reviewer_client, reviewer, submitted):
    submitted.attachments.all().delete()
    workflow.perform(submitted, "start_review", reviewer)
    suggested = workflow.suggested_checks(submitted)
    assert suggested[AdmissibilityCheck.Item.IN_TIME] and suggested[AdmissibilityCheck.Item.ELIGIBLE_BODY]
    assert not suggested[AdmissibilityCheck.Item.ATTACHMENTS_PRESENT]


def test_scores_outside_zero_to_five_are_refused(reviewer_client, reviewer, submitted):
    workflow.perform(submitted, "start_review", reviewer)
    criterion = submitted.call.criteria.first()
    response = reviewer_client.post(reverse("admin:submissions_candidacy_review", args=[submitted.pk]),
                                    {f"score_{criterion.pk}": "9"})
    assert response.status_code == 200 and not Score.objects.exists()


def test_the_whole_review_in_the_admin_ends_in_the_catalogue(reviewer_client, reviewer, officer, submitted,
                                                             client):
    page = reviewer_client.get(change_url(submitted))
    assert page.status_code == 200 and "Avvia l&#x27;istruttoria" in page.text
    transition(reviewer_client, submitted, "start_review")
    mail.outbox.clear()
    deadline = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = transition(reviewer_client, submitted, "request_integration",
                          note="Allegare la delibera di giunta.", deadline=deadline)
    assert response.status_code == 302
    assert mail.outbox and "Allegare la delibera di giunta." in mail.outbox[0].body
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.perform(submitted, "resubmit", officer)
    submitted.refresh_from_db()
    # The review resumes by itself: no second "Avvia l'istruttoria".
    assert submitted.state == State.IN_REVIEW
    start_link = reverse("admin:submissions_candidacy_transition", args=[submitted.pk, "start_review"])
    assert start_link not in reviewer_client.get(change_url(submitted)).text
    refused = transition(reviewer_client, submitted, "admit", note="")
    assert refused.status_code == 200 and "obbligatori" in refused.text
    mail.outbox.clear()
    transition(reviewer_client, submitted, "admit", note="Pratica efficace e replicabile.", communicate="on")
    submitted.refresh_from_db()
    assert submitted.state == State.ADMITTED and submitted.decision_communicated_at
    assert "Ammessa" in mail.outbox[0].subject
    transition(reviewer_client, submitted, "publish")
    submitted.refresh_from_db()
    practice = submitted.practice
    assert submitted.state == State.PUBLISHED and practice.is_published
    for name in ("intervention_area", "aims", "implementation", "achieved_results", "improvements"):
        assert getattr(practice, name) == getattr(submitted, name)
    assert practice.lead == submitted.lead and practice.call == submitted.call
    assert set(practice.target_groups.all()) == set(submitted.target_groups.all())
    assert practice.documents.count() == 1
    public = client.get(practice.get_absolute_url())
    assert public.status_code == 200 and submitted.title in public.text
    listing = client.get(reverse("catalogue:practice_list"), {"q": "Sportello famiglie"})
    assert submitted.title in listing.text

    transition(reviewer_client, submitted, "unpublish", note="Dati da correggere.")
    submitted.refresh_from_db()
    assert submitted.state == State.ADMITTED and Practice.objects.filter(pk=practice.pk, is_published=False).exists()
    assert client.get(practice.get_absolute_url()).status_code == 404
    transition(reviewer_client, submitted, "publish")
    submitted.refresh_from_db()
    assert submitted.practice_id == practice.pk and Practice.objects.count() == 1


def test_illegal_transitions_are_forbidden_in_the_admin(reviewer_client, submitted):
    response = reviewer_client.post(reverse("admin:submissions_candidacy_transition", args=[submitted.pk, "admit"]),
                                    {"note": "x"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_region_staff_see_the_queue_but_cannot_review(client, region_staff, submitted):
    client.force_login(region_staff)
    assert client.get(reverse("admin:submissions_candidacy_changelist")).status_code == 200
    assert client.get(change_url(submitted)).status_code == 200
    assert client.get(reverse("admin:submissions_candidacy_review", args=[submitted.pk])).status_code == 403
    response = client.post(reverse("admin:submissions_candidacy_transition", args=[submitted.pk, "start_review"]))
    assert response.status_code == 403


def test_candidacies_cannot_be_added_or_deleted_in_the_admin(client, submitted, django_user_model):
    superuser = django_user_model.objects.create_superuser("capo", "capo@example.org", "password-lunga-123")
    client.force_login(superuser)
    assert client.get(reverse("admin:submissions_candidacy_add")).status_code == 403
    assert client.get(reverse("admin:submissions_candidacy_delete", args=[submitted.pk])).status_code == 403


def test_ranking_and_its_xlsx_export(reviewer_client, reviewer, submitted, call, other_officer):
    from openpyxl import load_workbook

    other = draft(call, other_officer, title="=HYPERLINK(\"http://x\")")
    workflow.perform(other, "submit", other_officer)
    for candidacy, value in ((submitted, 2), (other, 5)):
        workflow.perform(candidacy, "start_review", reviewer)
        for criterion in call.criteria.all():
            workflow.record_score(candidacy, criterion, value, reviewer)
    page = reviewer_client.get(reverse("admin:calls_call_ranking", args=[call.pk]))
    assert page.status_code == 200
    assert page.text.index("HYPERLINK") < page.text.index(submitted.title)
    export = reviewer_client.get(reverse("admin:calls_call_ranking", args=[call.pk]), {"formato": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Posizione" and rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][-2] == 5 * 14 and rows[2][-2] == 2 * 14


def test_decisions_are_communicated_together_from_the_ranking(reviewer_client, reviewer, submitted, call,
                                                               other_officer):
    other = draft(call, other_officer, title="Seconda")
    workflow.perform(other, "submit", other_officer)
    for candidacy, move in ((submitted, "admit"), (other, "reject")):
        workflow.perform(candidacy, "start_review", reviewer)
        workflow.perform(candidacy, move, reviewer, note="Motivazione.")
    mail.outbox.clear()
    # A confirmation page first (see test_review_pages.py); the confirmed list is what is sent.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = reviewer_client.post(reverse("admin:calls_call_communicate", args=[call.pk]),
                                        {"candidatura": [submitted.pk, other.pk]})
    assert response.status_code == 302
    assert sorted(m.subject.split(": ")[-1] for m in mail.outbox) == ["Ammessa", "Non ammessa"]
    call.refresh_from_db()
    assert call.decisions_communicated_at is not None
