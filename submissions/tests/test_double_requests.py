"""A double submission or two simultaneous admin moves answer the normal page with a clear
message on both databases, never a 500; exactly one move happens (one history row, one
protocol number, one receipt).

On PostgreSQL the requests race in threads of the test process; on SQLite they race in a
separate process against a database file (submissions/tests/races.py says why).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from . import races

ROOT = Path(settings.BASE_DIR)


def check_double_submit(outcome, officer_email):
    answers = outcome["answers"]
    assert all("error" not in a for a in answers), answers
    assert [a["status"] for a in answers] == [200, 200]
    assert sorted(a["first_status"] for a in answers) == [302, 302]
    texts = " ".join(a["text"] for a in answers)
    assert "Candidatura presentata." in texts and "Operazione già eseguita: Presenta la candidatura." in texts
    assert outcome["state"] == "presentata" and outcome["events"] == 1
    assert len(outcome["protocol_numbers"]) == 1
    assert sum(officer_email in to for to in outcome["emails"]) == 1, outcome["emails"]


def check_double_admin_move(outcome):
    answers = outcome["answers"]
    assert all("error" not in a for a in answers), answers
    assert [a["status"] for a in answers] == [200, 200]
    texts = " ".join(a["text"] for a in answers)
    assert "Fatto: Avvia l&#x27;istruttoria." in texts and "Operazione già eseguita: Avvia l&#x27;istruttoria." in texts
    assert outcome["state"] == "in_istruttoria" and outcome["events"] == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="on SQLite see the next tests")
def test_double_submission_and_double_admin_move_on_postgresql(call, officer, other_officer, reviewer):
    check_double_submit(races.double_submit(call, officer), officer.email)
    check_double_admin_move(races.double_admin_move(call, other_officer, reviewer))


@pytest.fixture(scope="module")
def sqlite_outcome(tmp_path_factory):
    database = tmp_path_factory.mktemp("races") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "DJANGO_SETTINGS_MODULE": "buonepratiche.settings_test"}
    done = subprocess.run([sys.executable, "-c", races.SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="on PostgreSQL see the test above")
def test_double_submission_on_sqlite_file(sqlite_outcome):
    check_double_submit(sqlite_outcome["submit"], "referente.bari@example.org")


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="on PostgreSQL see the test above")
def test_double_admin_move_on_sqlite_file(sqlite_outcome):
    check_double_admin_move(sqlite_outcome["admin"])
