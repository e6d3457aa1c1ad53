"""Search and exports are limited per client: the next request gets 429 with Retry-After."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {"search": (3, 60), "export": (2, 60), "api": (3, 60)}
    yield
    cache.clear()


def test_search_is_limited_per_client(client):
    for _ in range(3):
        assert client.get("/pratiche/", {"q": "anziani"}).status_code == 200
    limited = client.get("/pratiche/", {"q": "anziani"})
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Troppe richieste" in limited.text
    # Another client is not affected, and browsing without searching is never limited.
    assert client.get("/pratiche/", {"q": "anziani"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/pratiche/").status_code == 200


def test_exports_are_limited_separately(client):
    for _ in range(2):
        assert client.get("/pratiche/", {"formato": "csv"}).status_code == 200
    assert client.get("/pratiche/", {"formato": "csv"}).status_code == 429
    assert client.get("/pratiche/", {"q": "anziani"}).status_code == 200


def test_behind_the_proxy_the_forwarded_address_counts(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get("/pratiche/", {"q": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert client.get("/pratiche/", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert client.get("/pratiche/", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_windows_that_are_over_are_cleared_by_their_schedule_not_by_requests(client, settings):
    from buonepratiche.jobs import enqueue
    from buonepratiche.models import RateCounter
    from buonepratiche.ratelimit import prune_rate_counters
    from ops.schedules import SCHEDULES

    settings.RATE_LIMIT_STORE = "database"
    RateCounter.objects.create(key="rl:search:vecchio:0", hits=5, expires=1)  # a window long over
    client.get("/pratiche/", {"q": "anziani"})
    # The request counted itself in its own window and left the old one alone (a request's
    # queries do not depend on whether it opens a window: tests that count them stay exact).
    assert set(RateCounter.objects.values_list("hits", flat=True)) == {5, 1}
    assert "pulizia-limiti" in {schedule.name for schedule in SCHEDULES}
    enqueue(prune_rate_counters)  # the tests' task backend runs it at once
    assert list(RateCounter.objects.values_list("hits", flat=True)) == [1]
