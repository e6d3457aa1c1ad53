"""Settings for the test suite: the production settings with test-only conveniences."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-" + "k3y-solo-per-i-test-non-usare-altrove-" * 2)
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("BACKUP_SIGNING_KEY", "chiave-di-firma-dei-backup-solo-per-i-test")

from .settings import *  # noqa: E402,F403

# The manifest needs collectstatic; tests render templates without it.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media" / "public"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
SITE_URL = "http://testserver"
# Tests exercise limits explicitly (tests/test_rate_limits.py); elsewhere they must not interfere.
RATE_LIMITS = {scope: (100_000, window) for scope, (_limit, window) in RATE_LIMITS.items()}  # noqa: F405
# Each test builds its own data inside a transaction that is rolled back: a cache shared
# between tests would serve one test's counts to the next. tests/test_catalogue_cache.py
# turns it on where caching itself is under test.
CACHES["catalogue"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# Jobs run at once, inside the request, so that tests see their effects (mail.outbox);
# tests/test_jobs.py runs them through the database queue and a real worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
