"""Shared test set-up: the catalogue cache as in production, and real-browser tests with
Playwright driving Debian's Chromium.

Playwright never downloads a browser here: it launches the system Chromium
(CHROMIUM_PATH, default /usr/bin/chromium, installed by .ci/run). Locally, without it, the
browser tests are skipped with a reason; in CI (CI=true) they run and fail instead.
"""

import json
import os
from pathlib import Path

import pytest
from django.core.cache import caches

# live_server runs Django in a thread while Playwright's sync API holds an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SOURCE = Path(__file__).parent / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    require_serialized_rollback(items)
    transactional_last(items)
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"Chromium non trovato in {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def transactional_last(items):
    """Transactional tests after all the others, as Django orders them. pytest-django sorts them so
    first, but pytest then groups the tests of a session-scoped parametrised fixture (the browser
    tests, by Playwright's `browser_name`) and moved the browser tests among the others: every
    test after one ran on the tables it had emptied (no identity, taxonomies, synonyms)."""
    def transactional(item):
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures \
            or "live_server" in fixtures
    items.sort(key=transactional)


def require_serialized_rollback(items):
    """A transactional test empties every table when it ends, also of the rows the migrations
    write (the site's identity, the taxonomies, the search synonyms, the staff groups); with
    serialized_rollback the next transactional test starts from them again, as every installation
    has them (tests that are not transactional run before, see transactional_last)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: django_db(transaction=True) vuole serialized_rollback=True")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "it-IT", "timezone_id": "Europe/Rome",
            "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def axe_violations():
    """Run axe-core (WCAG 2.1 A and AA rules) on the page as it is now; returns the violations.

    The script is evaluated rather than added as a <script> tag, which the site's CSP forbids.
    """
    source = AXE_SOURCE.read_text(encoding="utf-8")

    def check(page, exclude=()):
        page.evaluate(source)
        result = page.evaluate(
            "([tags, exclude]) => axe.run(exclude.length ? {exclude: exclude.map((s) => [s])} : document,"
            " {runOnly: {type: 'tag', values: tags}})", [WCAG_TAGS, list(exclude)])
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return check


@pytest.fixture
def assert_accessible(axe_violations):
    def check(page, label="", exclude=()):
        violations = axe_violations(page, exclude)
        assert not violations, f"{label or page.url}: " + json.dumps(violations, ensure_ascii=False, indent=1)

    return check


def verified_device(user):
    """A confirmed TOTP device for `user` (created if missing), as enrolment leaves it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_code(device):
    """The code the user's app shows now for `device`."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture(autouse=True)
def staff_pass_second_factor(monkeypatch):
    """Production requires staff to pass a second factor (buonepratiche/two_factor.py) and the test
    settings keep it on. Tests that are not about signing in log staff in with force_login (directly
    or through pytest-django's admin_client): here that also marks the session as verified with a
    confirmed device, the way django_otp.login does after a right code. Tests of signing in itself
    go through the login and code pages (tests/test_two_factor.py)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def pass_second_factor(client, user):
    """Mark `client`'s session as past the second factor with `user`'s device, as django_otp.login
    does after a right code (also for scripts that run outside pytest, e.g. submissions/tests/races.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()


@pytest.fixture
def catalogue_cache_on(settings):
    """The catalogue cache as in production (the test settings turn it off elsewhere: each test
    rolls its data back, and a cache shared between tests would serve one test's pages to the next)."""
    settings.CACHES = {**settings.CACHES, "catalogue": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue-test"}}
    # Every cache, not only the catalogue's: a test counting a cached page's queries must not
    # depend on what the tests before it left in the header's or the rate limits' caches.
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    caches["catalogue"].clear()


@pytest.fixture
def migrate():
    """Tests of data migrations: migrate(targets) moves the database to those (app, migration)
    targets (None: the app unapplied) and returns the models as the database then has them, i.e.
    the state of every applied migration, including those of other branches of the graph that the
    targets leave applied (a column they added is there); migrate() brings it back to the latest."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def apply(targets=None):
        executor = MigrationExecutor(connection)
        executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
        executor.loader.build_graph()
        return executor.loader.project_state(list(executor.loader.applied_migrations), at_end=True).apps

    return apply


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as a deployed one is after its first page: with the site's identity
    (written on first use on a new database, see identity/migrations/0002_today.py), so that no
    test counts the queries that write it."""
    from identity.models import Identity

    with django_db_blocker.unblock():
        Identity.current()
