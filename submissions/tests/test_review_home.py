"""The admin home as a reviewer's desk: their own queue, what waits for the review, the deadlines."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions import workflow

from .factories import draft, make_user

pytestmark = pytest.mark.django_db


def test_the_home_lists_my_candidacies_with_the_next_step_and_the_deadlines(
        reviewer_client, reviewer, call, officer, other_officer):
    mine = draft(call, officer, title="Sportello per le famiglie")
    workflow.perform(mine, "submit", officer)
    workflow.assign([mine], reviewer, reviewer)
    workflow.perform(mine, "start_review", reviewer)
    deadline = timezone.now() + timedelta(days=9)
    workflow.perform(mine, "request_integration", reviewer, note="Allegare la delibera.", deadline=deadline)
    someone_elses = draft(call, other_officer, title="Centro diurno di Monopoli")
    workflow.perform(someone_elses, "submit", other_officer)

    page = reviewer_client.get(reverse("admin:index"))

    assert page.status_code == 200
    queue = page.text.split('id="review-queue"')[1].split("</section>")[0]
    mine_table = queue.split("Assegnate a me")[1].split("</table>")[0]
    assert reverse("admin:submissions_candidacy_change", args=[mine.pk]) in mine_table
    assert "in attesa delle integrazioni del referente" in mine_table
    assert timezone.localtime(deadline).strftime("%-d/%m/%Y %H:%M") in mine_table
    # Not assigned to me: counted in the overview, not listed as mine.
    assert "Centro diurno di Monopoli" not in mine_table
    overview = queue.split("In attesa di un’azione")[1].split("</table>")[0]
    assert "?state__exact=presentata&amp;reviewer__isnull=True" in overview
    assert reviewer_client.get(reverse("admin:submissions_candidacy_changelist")
                               + "?state__exact=presentata&reviewer__isnull=True").status_code == 200
    deadlines = queue.split("Scadenze")[1].split("</table>")[0]
    assert "Integrazioni" in deadlines and reverse("admin:submissions_candidacy_change", args=[mine.pk]) in deadlines
    assert "Chiusura dell’avviso" in deadlines and call.title in deadlines
    assert timezone.localtime(call.closes_at).strftime("%-d/%m/%Y %H:%M") in deadlines


def test_staff_without_assignments_see_the_overview_by_state(client, call, officer, other_officer):
    for who, title in ((officer, "Prima"), (other_officer, "Seconda")):
        workflow.perform(draft(call, who, title=title), "submit", who)
    colleague = make_user("istruttore.nuovo", group="Istruttori ANCI")
    client.force_login(colleague)

    page = client.get(reverse("admin:index"))

    queue = page.text.split('id="review-queue"')[1].split("</section>")[0]
    assert "Nessuna candidatura ti è assegnata" in queue
    overview = queue.split("In attesa di un’azione")[1].split("</table>")[0]
    submitted_row = overview.split("?state__exact=presentata\">")[1].split("</tr>")[0]
    assert "Presentata" in submitted_row and "<td>2</td>" in submitted_row


def test_staff_who_cannot_see_candidacies_get_no_queue(client, db):
    clerk = make_user("redazione")
    clerk.is_staff = True  # staff without any permission on candidacies
    clerk.save()
    client.force_login(clerk)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200 and 'id="review-queue"' not in page.text
