"""Background jobs through the public surface (issue 17): an e-mail enqueued by a request and
delivered by the worker, retried with back-off when the mail server fails, then failed for good
and shown so in the admin, where a superuser can replay it.

The worker runs in this process here (`manage.py db_worker --batch`, on the test database);
tests/test_operations_processes.py runs it as a real process beside a real server.
"""

import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

# Committed data: the worker checks its connection between jobs and would close (on PostgreSQL)
# the one holding a test's open transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHANGELIST = "/admin/django_tasks_database/dbtaskresult/"


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: server 192.0.2.1 unreachable")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_RETRY_DELAYS = [0, 0]  # three attempts, each runnable at once


@pytest.fixture
def account():
    return get_user_model().objects.create_user("mario.rossi", "mario.rossi@comune.example.it", "x" * 20)


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def ask_for_a_reset_link(client):
    response = client.post(reverse("password_reset"), {"email": "mario.rossi@comune.example.it"},
                           HTTP_X_REQUEST_ID="richiesta-di-prova-1")
    assert response.status_code == 302
    return response


def test_the_request_enqueues_the_email_and_the_worker_delivers_it(client, account, database_queue):
    ask_for_a_reset_link(client)
    assert mail.outbox == [], "the request only enqueues"
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.task_path == "buonepratiche.mail.send_email"
    assert job.args_kwargs["kwargs"]["_job"]["request_id"] == "richiesta-di-prova-1"

    run_worker()

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["mario.rossi@comune.example.it"]]


def test_a_failing_email_is_retried_then_failed_and_shown_in_the_admin(client, account, database_queue, settings,
                                                                        admin_client):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.UnreachableMailServer"}}
    ask_for_a_reset_link(client)

    run_worker()

    attempts = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [a.status for a in attempts] == ["FAILED", "FAILED", "FAILED"]
    assert [a.args_kwargs["kwargs"]["_job"]["attempt"] for a in attempts] == [1, 2, 3]
    assert attempts[1].args_kwargs["kwargs"]["_job"]["retry_of"] == str(attempts[0].pk)
    assert attempts[1].run_after >= attempts[0].enqueued_at, "a retry waits for its delay"
    assert all("192.0.2.1 unreachable" in a.traceback for a in attempts)

    page = admin_client.get(CHANGELIST).content.decode()
    assert page.count("192.0.2.1 unreachable") == 3
    assert page.count("ritentato (") == 2 and page.count("fallito definitivamente") == 1
    assert "richiesta-di-prova-1" in page
    final = admin_client.get(CHANGELIST, {"esito": "definitivo"}).content.decode()
    assert str(attempts[2].pk) in final and str(attempts[0].pk) not in final

    # The operator fixes the mail server and replays the job: a new first attempt, delivered.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = admin_client.post(CHANGELIST, {"action": "replay", "_selected_action": [str(attempts[2].pk)]},
                                 follow=True)
    assert "1 lavoro riaccodato" in response.content.decode()
    run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert [m.to for m in mail.outbox] == [["mario.rossi@comune.example.it"]]


def test_only_superusers_can_replay_a_job(client, database_queue):
    staff = get_user_model().objects.create_user("operatore", "op@example.org", "x" * 20, is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    client.force_login(staff)
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and 'value="replay"' not in page.content.decode()
