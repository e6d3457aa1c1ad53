"""Races on PostgreSQL: real concurrent requests, each on its own database connection."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from submissions import workflow
from submissions.models import Candidacy
from submissions.states import State

from .factories import draft

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks are a PostgreSQL matter"),
]


def race(*jobs):
    """Run the jobs at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_submissions_of_the_same_body_racing_end_with_exactly_one_accepted(call, officer, reviewer):
    first, second = draft(call, officer, title="Prima"), draft(call, officer, title="Seconda")
    results = race(lambda: workflow.perform(first, "submit", officer),
                   lambda: workflow.perform(second, "submit", officer))
    errors = [r for r in results if isinstance(r, workflow.WorkflowError)]
    assert len(errors) == 1, results
    submitted = Candidacy.objects.filter(state=State.SUBMITTED)
    assert submitted.count() == 1
    assert submitted.get().title in errors[0].message


def test_two_tabs_saving_the_same_draft_at_once_end_with_one_saved_and_one_told(call, officer):
    candidacy = draft(call, officer, complete=False)
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])

    def save(title):
        client = Client()
        client.force_login(officer)
        return client.post(url, {
            "version": 1, "title": title,
            "finanziamenti-TOTAL_FORMS": "0", "finanziamenti-INITIAL_FORMS": "0",
            "partner-TOTAL_FORMS": "0", "partner-INITIAL_FORMS": "0",
            "soggetti-TOTAL_FORMS": "0", "soggetti-INITIAL_FORMS": "0",
        })

    titles = ("Scheda A", "Scheda B")
    results = race(*(lambda title=title: save(title) for title in titles))
    assert sorted(r.status_code for r in results) == [302, 409], results
    winner_title, loser_title = (titles if results[0].status_code == 302 else titles[::-1])
    loser = next(r for r in results if r.status_code == 409)
    candidacy.refresh_from_db()
    assert candidacy.version == 2 and candidacy.title == winner_title
    # The losing tab is told, and still shows what its user typed.
    assert "non sono state salvate" in loser.text and loser_title in loser.text


def test_protocol_numbers_stay_unique_under_concurrent_submissions(call, officer, other_officer):
    first, second = draft(call, officer), draft(call, other_officer)
    results = race(lambda: workflow.perform(first, "submit", officer),
                   lambda: workflow.perform(second, "submit", other_officer))
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = set(Candidacy.objects.values_list("protocol_number", flat=True))
    assert len(numbers) == 2 and all(n.endswith(("-0001", "-0002")) for n in numbers)
