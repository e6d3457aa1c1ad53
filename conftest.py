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


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"Chromium non trovato in {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


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


@pytest.fixture
def catalogue_cache_on(settings):
    """The catalogue cache as in production (the test settings turn it off elsewhere: each test
    rolls its data back, and a cache shared between tests would serve one test's pages to the next)."""
    settings.CACHES = {**settings.CACHES, "catalogue": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue-test"}}
    caches["catalogue"].clear()
    yield
    caches["catalogue"].clear()
