"""Jobs and schedules across real processes (issue 17): a request served by gunicorn enqueues an
e-mail that a separate `manage.py db_worker` delivers, both writing JSON log lines with the same
request id; two schedulers started together enqueue each periodic job once.

The processes share a database of their own (a SQLite file, or a new database on the PostgreSQL
server of the suite's PostgreSQL pass), as in tests/test_multiworker.py: they cannot see a
test's transaction.
"""

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.test_multiworker import ROOT, free_port, site_database  # noqa: F401 (fixture)

POLL = 0.1


@pytest.fixture(scope="module")
def env(site_database):  # noqa: F811
    # Development mail (printed by the process that sends it: the worker); verbose logs.
    return {**site_database, "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "INFO", "EMAIL_HOST": ""}


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, **kwargs)


def json_lines(path):
    lines = []
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(POLL)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def processes(tmp_path):
    started = []

    def start(args, env, name):
        log = open(tmp_path / f"{name}.log", "w")
        started.append(subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        return tmp_path / f"{name}.log"

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=20)


def test_a_request_enqueues_an_email_that_the_worker_process_delivers_with_the_same_request_id(env, processes):
    manage(env, "shell", "-c", "from django.contrib.auth import get_user_model; "
           "get_user_model().objects.create_user('mario.rossi', 'mario.rossi@comune.example.it', 'x' * 20)",
           check=True)
    port = free_port()
    server_log = processes([sys.executable, "-m", "gunicorn", "buonepratiche.wsgi", "--workers", "1",
                            "--bind", f"127.0.0.1:{port}"], env, "server")
    worker_log = processes([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                            "--interval", "0.2"], env, "worker")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    url = f"http://127.0.0.1:{port}/password/reimposta/"

    def form():
        try:
            return opener.open(url, timeout=10).read().decode()
        except OSError:
            return None

    page = wait_for(form, "the server")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": "mario.rossi@comune.example.it"})
    request = urllib.request.Request(url, data=data.encode(), headers={"X-Request-ID": "richiesta-reale-0001"})
    with opener.open(request, timeout=30) as response:
        assert response.headers["X-Request-ID"] == "richiesta-reale-0001"

    def finished():
        return [line for line in json_lines(worker_log) if line["message"] == "job finished"]

    [done] = wait_for(finished, "the worker to run the job")
    assert done["request_id"] == "richiesta-reale-0001" and done["job"] == "send_email"
    started = [line for line in json_lines(worker_log) if line["message"] == "job started"]
    assert [line["request_id"] for line in started] == ["richiesta-reale-0001"]
    assert "To: mario.rossi@comune.example.it" in worker_log.read_text(), "the worker sent the e-mail"

    # (urllib follows the redirect to the "sent" page with the same header: a second request.)
    requests = [line for line in json_lines(server_log) if line.get("logger") == "buonepratiche.requests"
                and line["request_id"] == "richiesta-reale-0001" and line["method"] == "POST"]
    assert [(r["method"], r["path"], r["view"], r["status"], r["user_kind"]) for r in requests] == [
        ("POST", "/password/reimposta/", "password_reset", 302, "anonymous")]
    assert requests[0]["duration_ms"] > 0 and requests[0]["queries"] > 0
    assert "mario.rossi" not in json.dumps(requests[0])


def test_two_schedulers_started_together_enqueue_each_schedule_once(env):
    count = ("import json; from django_tasks_db.models import DBTaskResult; from ops.models import ScheduledRun; "
             "print(json.dumps([sorted(ScheduledRun.objects.values_list('schedule', flat=True)), "
             "sorted(DBTaskResult.objects.filter(task_path__in=[s.job.module_path for s in "
             "__import__('ops.schedules').schedules.SCHEDULES]).values_list('task_path', flat=True))]))")
    before_runs, before_jobs = json.loads(manage(env, "shell", "--no-imports", "-c", count, check=True).stdout)
    assert before_runs == []

    schedulers = [subprocess.Popen([sys.executable, "manage.py", "run_scheduler", "--once"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in schedulers]
    assert [process.returncode for process in schedulers] == [0, 0], outputs
    started = sorted(line for out, _err in outputs for line in out.splitlines() if line.startswith("avviato"))
    assert started == ["avviato: indice-di-ricerca", "avviato: pulizia-lavori", "avviato: pulizia-limiti",
                       "avviato: scaricamenti-completi"]

    runs, jobs = json.loads(manage(env, "shell", "--no-imports", "-c", count, check=True).stdout)
    assert runs == ["indice-di-ricerca", "pulizia-lavori", "pulizia-limiti", "scaricamenti-completi"]
    assert sorted(set(jobs)) == jobs and len(jobs) == len(before_jobs) + 4, "one job per schedule"
    # A third scheduler in the same period has nothing left to start.
    assert manage(env, "run_scheduler", "--once", check=True).stdout == ""


def test_metrics_add_up_the_requests_of_every_gunicorn_worker(env, tmp_path, processes):
    """With PROMETHEUS_MULTIPROC_DIR the workers share their counts: /metriche/ answers the total
    whichever worker serves the scrape."""
    folder = tmp_path / "metriche"
    folder.mkdir()
    site = {**env, "PROMETHEUS_MULTIPROC_DIR": str(folder), "METRICS_TOKEN": "gettone-delle-metriche-0001"}
    port = free_port()
    processes([sys.executable, "-m", "gunicorn", "buonepratiche.wsgi", "--workers", "3",
               "--bind", f"127.0.0.1:{port}"], site, "server")

    def get(path, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    def up():
        try:
            return get("/salute/")
        except OSError:
            return None

    wait_for(up, "the server")
    for _ in range(29):
        get("/salute/")
    scrapes = [get("/metriche/", {"Authorization": "Bearer gettone-delle-metriche-0001"}) for _ in range(3)]
    for text in scrapes:
        [served] = [line for line in text.splitlines()
                    if line.startswith('bp_requests_total{method="GET",status="200",view="health"}')]
        assert float(served.rsplit(" ", 1)[1]) == 30.0, served
    assert len(list(folder.glob("*.db"))) > 1, "more than one worker wrote its counts"
