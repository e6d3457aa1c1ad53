"""The site served as in production, by gunicorn with several worker processes, with and
without Redis: what one process changes or counts, every process sees at once.

Each worker has its own memory, so these are the defects an in-process test cannot show: a
withdrawn practice still served by the workers that had it cached, and a search limit that
each worker counted on its own (issue 14, items 1 and 6). The site gets its own database (a
SQLite file, or a new database on the PostgreSQL server of the suite's PostgreSQL pass) and
the Redis server that scripts/run-tests.sh starts (TEST_REDIS_URL).
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["senza-redis", "con-redis"])
def redis_url(request):
    if request.param == "senza-redis":
        return ""
    if not REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set: in CI scripts/run-tests.sh must start redis-server")
        pytest.skip("no Redis: TEST_REDIS_URL is set by scripts/run-tests.sh, which starts redis-server")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no counts or pages from an earlier test
    return REDIS_URL


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    """A database of its own with the March 2024 publication, committed (the app's processes
    cannot see a test's transaction)."""
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"bp_multiworker_{secrets.token_hex(4)}"
        server = dict(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                      password=settings["PASSWORD"] or None)
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = (f"postgres://{urllib.parse.quote(settings['USER'])}:{urllib.parse.quote(settings['PASSWORD'] or '')}"
               f"@{settings['HOST']}:{server['port']}/{name}")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('multiworker') / 'db.sqlite3'}"
    # Production serves static files from collectstatic's manifest; pages need it to render.
    static_root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_LOG_LEVEL": "ERROR",
           "DJANGO_SETTINGS_MODULE": "buonepratiche.settings", "REDIS_URL": "",
           "DJANGO_STATIC_ROOT": str(static_root)}
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["load_comuni"], ["load_taxonomies"], ["load_publication"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    yield env
    if connection.vendor == "postgresql":
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, code):
    """Run `code` in a process of its own (as the admin's or a command's would be)."""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)


class Site:
    """gunicorn with WORKERS sync workers; its access log says which worker (pid) answered what."""

    def __init__(self, env, log_dir):
        self.port = free_port()
        self.access_log = log_dir / "access.log"
        self.error_log = log_dir / "error.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "buonepratiche.wsgi", "--workers", str(WORKERS),
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.access_log),
             "--access-logformat", "%(p)s %(s)s %(r)s", "--error-logfile", str(self.error_log)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.error_log, "a"))
        for _ in range(200):
            try:
                if self.get("/salute/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(self.error_log.read_text())

    def get(self, path, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def many(self, requests):
        """(status, body) of each (path, headers), sent six at a time so every worker takes some."""
        with ThreadPoolExecutor(max_workers=6) as pool:
            return list(pool.map(lambda item: self.get(*item), requests))

    def workers_that_served(self, path):
        time.sleep(0.5)  # gunicorn writes its access log after the response
        quoted = re.escape(path)
        return {line.split()[0] for line in self.access_log.read_text().splitlines()
                if re.search(rf" GET {quoted} HTTP", line)}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def serve(tmp_path):
    sites = []

    def start(env):
        sites.append(Site(env, tmp_path))
        return sites[-1]

    yield start
    for site in sites:
        site.stop()


def test_a_withdrawn_practice_disappears_from_every_worker_at_once(site_database, redis_url, serve):
    site = serve({**site_database, "REDIS_URL": redis_url, "RATE_LIMIT_SEARCH": "100000",
                  "RATE_LIMIT_API": "100000"})
    latest = site.get("/api/v1/pratiche/")
    practice = json.loads(latest[1])["risultati"][0]
    slug, words = practice["identificativo"], " ".join(re.findall(r"\w{4,}", practice["titolo"])[:3])
    urls = [f"/pratiche/{slug}/", f"/api/v1/pratiche/{slug}/", "/api/v1/pratiche/",
            "/pratiche/?" + urllib.parse.urlencode({"q": words}), "/pratiche/", "/"]
    # Warm every page on every worker.
    for url, (status, body) in zip(urls * 30, site.many([(url, None) for url in urls * 30])):
        assert status == 200 and slug in body, url
    for url in urls:
        assert len(site.workers_that_served(url)) == WORKERS, url

    manage(site_database, f"from practices.models import Practice; Practice.objects.get(slug={slug!r}).unpublish()")

    answers = site.many([(url, None) for url in urls for _ in range(20)])
    for index, (status, body) in enumerate(answers):
        url = urls[index // 20]
        if url.startswith(f"/pratiche/{slug}") or url.startswith(f"/api/v1/pratiche/{slug}"):
            assert status == 404, (url, status)
        else:
            assert status == 200 and slug not in body, url
    manage(site_database, f"from practices.models import Practice; Practice.objects.get(slug={slug!r}).publish()")


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_the_search_limit_holds_across_workers_and_forged_addresses(site_database, redis_url, serve,
                                                                     trusted_proxies):
    limit = 10
    manage(site_database, "from buonepratiche.models import RateCounter; RateCounter.objects.all().delete()")
    site = serve({**site_database, "REDIS_URL": redis_url, "RATE_LIMIT_SEARCH": str(limit),
                  "TRUSTED_PROXY_COUNT": str(trusted_proxies)})
    if time.time() % 60 > 40:  # the limit counts per minute: keep the whole test in one window
        time.sleep(61 - time.time() % 60)
    # Every request names a different client first: a forged X-Forwarded-For start.
    forged = [("/pratiche/?q=anziani", {"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.7"}) for n in range(40)]
    statuses = [status for status, _body in site.many(forged)]
    assert statuses.count(200) == limit and statuses.count(429) == 40 - limit, statuses
    assert len(site.workers_that_served("/pratiche/?q=anziani")) > 1
    if trusted_proxies:
        # The address our proxy appended is the client: another one is not limited.
        other = {"X-Forwarded-For": "198.51.100.1, 203.0.113.8"}
        assert site.get("/pratiche/?q=anziani", other)[0] == 200
