"""Two identical requests at the same moment, each on its own connection: a double click on
"Presenta la candidatura" and two reviewers' POSTs of the same admin move.

Shared by the PostgreSQL tests (run in the test process) and the SQLite ones, which run this
module as a script against a database file: SQLite's locking only shows between connections
to a real file, never on the in-memory test database.

    DATABASE_URL=sqlite:///…/db.sqlite3 python -c "$SCRIPT"   (SCRIPT below)
"""

import json
import sys

from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import pass_second_factor

from submissions import workflow
from submissions.models import Candidacy, CandidacyEvent

from .factories import draft
from .test_concurrency import race


def _clients(user, count=2):
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        if user.is_staff:
            # This module also runs as a script, where the suite's force_login wrapper is absent.
            pass_second_factor(client, user)
        clients.append(client)
    return clients


def _outcome(candidacy, name, responses):
    """What each request answered and what happened, as plain data (JSON for the script)."""
    candidacy.refresh_from_db()
    answers = []
    for response in responses:
        if isinstance(response, Exception):
            answers.append({"error": f"{type(response).__name__}: {response}"})
        else:
            answers.append({"status": response.status_code,
                            "first_status": (response.redirect_chain[0][1] if response.redirect_chain
                                             else response.status_code),
                            "text": response.text})
    return {
        "answers": answers,
        "state": candidacy.state,
        "events": CandidacyEvent.objects.filter(candidacy=candidacy, transition=name).count(),
        "protocol_numbers": sorted(n for n in Candidacy.objects.values_list("protocol_number", flat=True) if n),
        "emails": [message.to for message in mail.outbox],
    }


def double_submit(call, officer):
    """The officer clicks "Presenta la candidatura" twice in a row."""
    candidacy = draft(call, officer)
    url = reverse("submissions:candidacy_submit", args=[candidacy.uuid])
    mail.outbox = []
    responses = race(*(lambda client=client: client.post(url, follow=True) for client in _clients(officer)))
    return _outcome(candidacy, "submit", responses)


def double_admin_move(call, officer, reviewer):
    """The same admin transition posted twice at once (two tabs, or a double click)."""
    candidacy = draft(call, officer)
    workflow.perform(candidacy, "submit", officer)
    url = reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "start_review"])
    mail.outbox = []
    responses = race(*(lambda client=client: client.post(url, follow=True) for client in _clients(reviewer)))
    return _outcome(candidacy, "start_review", responses)


def main():
    """Build a fresh database in DATABASE_URL, run both races, print their outcomes as JSON."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from .factories import comune, make_call, make_user

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_taxonomies", verbosity=0)
    call = make_call()
    officer = make_user("referente.bari", comune=comune("072006", "Bari"))
    other_officer = make_user("referente.monopoli", comune=comune("072030", "Monopoli"))
    reviewer = make_user("istruttore.anci", group="Istruttori ANCI")
    outcome = {"submit": double_submit(call, officer), "admin": double_admin_move(call, other_officer, reviewer)}
    # The last line of the output (commands above may print their own).
    sys.stdout.write("\n" + json.dumps(outcome) + "\n")


SCRIPT = "import django; django.setup(); from submissions.tests.races import main; main()"
