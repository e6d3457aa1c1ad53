"""A request body bigger than the largest upload is refused before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_announced_oversized_body_is_refused_without_reading_it(client, settings):
    limit = settings.MAX_REQUEST_MB * 1024 * 1024
    # The body is tiny; only the announced length decides, so nothing was read to refuse it.
    response = client.generic("POST", reverse("login"), b"x", CONTENT_TYPE="application/octet-stream",
                              CONTENT_LENGTH=str(limit + 1))
    assert response.status_code == 413
    assert f"dimensione massima consentita di {settings.MAX_REQUEST_MB} MB" in response.text
    assert response["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response


def test_an_upload_over_the_cap_is_refused_and_one_under_it_reaches_the_view(client, settings):
    settings.MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    assert client.post(reverse("login"), {"file": big}).status_code == 413
    small = SimpleUploadedFile("piccolo.pdf", b"%PDF-" + b"0" * 1024)
    assert client.post(reverse("login"), {"username": "x", "password": "y", "file": small}).status_code == 200


def test_the_default_cap_leaves_room_for_one_attachment(settings):
    assert settings.MAX_REQUEST_MB > settings.SUBMISSIONS_MAX_UPLOAD_MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
