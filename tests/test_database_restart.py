"""The app survives a PostgreSQL restart: the connection health checks (CONN_HEALTH_CHECKS) find
the dead persistent connection at the next request and open a new one, without restarting the app.

The test runs its own throwaway PostgreSQL cluster and a real gunicorn worker with persistent
connections, restarts the cluster between requests and expects the site to answer again.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
INITDB = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1:]), None)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of the suite"),
    pytest.mark.skipif(INITDB is None, reason="PostgreSQL server binaries not installed"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, attempts=1):
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)
    return None


@pytest.fixture
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="bp-restart-pg."))
    folder.chmod(0o755)
    as_pg = []
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    bin_dir = Path(INITDB).parent
    pg_ctl = [*as_pg, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w"]
    subprocess.run([*as_pg, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    port = free_port()
    options = ["-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"]
    subprocess.run([*pg_ctl, *options, "start"], check=True, capture_output=True)
    yield {"url": f"postgres://postgres@127.0.0.1:{port}/postgres",
           "restart": lambda: subprocess.run([*pg_ctl, *options, "-m", "fast", "restart"], check=True,
                                             capture_output=True),
           "stop": lambda: subprocess.run([*pg_ctl, "-m", "fast", "stop"], check=True, capture_output=True),
           "start": lambda: subprocess.run([*pg_ctl, *options, "start"], check=True, capture_output=True)}
    subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def test_site_serves_again_after_the_database_restarts(cluster, tmp_path):
    env = {**os.environ, "DATABASE_URL": cluster["url"], "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_CONN_MAX_AGE": "600", "DJANGO_LOG_LEVEL": "ERROR",
           "DJANGO_SETTINGS_MODULE": "buonepratiche.settings"}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    # One sync worker: every request reuses the same persistent database connection.
    server = subprocess.Popen([python, "-m", "gunicorn", "buonepratiche.wsgi", "--workers", "1",
                               "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "w"))
    try:
        url = f"http://127.0.0.1:{port}/api/v1/province/"
        assert get(url, attempts=100) == 200
        cluster["restart"]()
        statuses = [get(url) for _ in range(3)]
        assert statuses == [200, 200, 200], (tmp_path / "gunicorn.log").read_text()
        assert server.poll() is None, "the app kept running"
    finally:
        server.terminate()
        server.wait(timeout=10)


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_readiness_names_the_database_while_it_is_down_and_recovers(cluster, tmp_path):
    """/salute/pronto/ (issue 17): 503 naming the database while PostgreSQL is stopped, 200 once it
    is back, from the same app process; /salute/ (liveness) answers throughout."""
    env = {**os.environ, "DATABASE_URL": cluster["url"], "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_CONN_MAX_AGE": "600", "DJANGO_LOG_LEVEL": "ERROR",
           "DJANGO_SETTINGS_MODULE": "buonepratiche.settings", "READINESS_MIN_FREE_DISK_MB": "1", "REDIS_URL": ""}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen([python, "-m", "gunicorn", "buonepratiche.wsgi", "--workers", "1",
                               "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "w"))
    ready, alive = f"http://127.0.0.1:{port}/salute/pronto/", f"http://127.0.0.1:{port}/salute/"
    try:
        assert get(alive, attempts=100) == 200
        status, body = get_json(ready)
        assert (status, body["failing"]) == (200, []), body
        cluster["stop"]()
        status, body = get_json(ready)
        assert status == 503 and body["failing"][0] == "database", body
        assert body["checks"]["database"]["ok"] is False and body["checks"]["database"]["error"]
        assert body["checks"]["cache"]["ok"] is True, "the other checks still run"
        assert get(alive) == 200, "liveness does not depend on the database"
        cluster["start"]()
        status, body = get_json(ready)
        assert (status, body["failing"]) == (200, []), body
    finally:
        server.terminate()
        server.wait(timeout=10)
