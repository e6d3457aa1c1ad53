import pytest
from django.core.cache import caches


@pytest.fixture
def catalogue_cache_on(settings):
    """The catalogue cache as in production (the test settings turn it off elsewhere: each test
    rolls its data back, and a cache shared between tests would serve one test's pages to the next)."""
    settings.CACHES = {**settings.CACHES, "catalogue": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue-test"}}
    caches["catalogue"].clear()
    yield
    caches["catalogue"].clear()
