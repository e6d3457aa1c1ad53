"""The page-rating block (issue 18): stars, then the follow-up questions of the Designers Italia
model, stored, rate-limited, protected by CSRF, counted read-only in the admin."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from feedback.models import Aspect, PageRating
from practices.models import Practice
from practices.tests.conftest import publication, reference_data, staff_client  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
PAGE = "/pratiche/una-pratica/"


def rate(client, stars, page=PAGE):
    return client.post("/valutazione/", {"page": page, "rating": stars})


def test_the_stars_are_stored_and_the_follow_up_asks_what_went_wrong(client):
    response = rate(client, 2)
    assert response.status_code == 302 and response["Location"].startswith("/valutazione/dettagli/?t=")
    rating = PageRating.objects.get()
    assert (rating.page, rating.rating, rating.aspect) == (PAGE, 2, "")
    page = client.get(response["Location"]).content.decode()
    assert "Dove hai incontrato le maggiori difficoltà?" in page
    assert "A volte le indicazioni non erano chiare" in page and "Le indicazioni erano chiare" not in page


def test_a_good_rating_asks_what_was_liked_and_the_answers_are_stored_once(client):
    details = rate(client, 5)["Location"]
    page = client.get(details).content.decode()
    assert "Quali sono stati gli aspetti che hai preferito?" in page
    token = re.search(r'name="t" value="([^"]+)"', page).group(1)
    response = client.post("/valutazione/dettagli/", {"t": token, "aspect": Aspect.COMPLETE, "detail": "Utile."})
    assert response.status_code == 200 and "il tuo parere ci aiuterà a migliorare il servizio" in response.text
    rating = PageRating.objects.get()
    assert (rating.aspect, rating.detail) == (Aspect.COMPLETE, "Utile.")
    # Answered: the same token cannot change it any more.
    client.post("/valutazione/dettagli/", {"t": token, "aspect": Aspect.CLEAR, "detail": "Altro testo"})
    rating.refresh_from_db()
    assert (rating.aspect, rating.detail) == (Aspect.COMPLETE, "Utile.")


def test_an_aspect_that_does_not_fit_the_rating_is_refused(client):
    token = rate(client, 1)["Location"].split("t=")[1]
    response = client.post("/valutazione/dettagli/", {"t": token, "aspect": Aspect.CLEAR})
    assert response.status_code == 400
    assert PageRating.objects.get().aspect == ""
    # And the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        PageRating.objects.create(page=PAGE, rating=2, aspect=Aspect.CLEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        PageRating.objects.create(page=PAGE, rating=6)


def test_a_forged_token_finds_nothing(client):
    assert client.get("/valutazione/dettagli/?t=1").status_code == 404
    assert client.post("/valutazione/dettagli/", {"t": "1:abc", "aspect": Aspect.CLEAR}).status_code == 404


def test_no_stars_or_another_site_is_refused_in_italian(client):
    response = client.post("/valutazione/", {"page": PAGE})
    assert response.status_code == 400 and "Scegli da 1 a 5 stelle." in response.text
    assert rate(client, 3, page="https://example.org/").status_code == 400
    assert rate(client, 3, page="//example.org/x").status_code == 400
    assert not PageRating.objects.exists()


def test_the_form_needs_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert rate(client, 4).status_code == 403
    assert not PageRating.objects.exists()


def test_ratings_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}
    assert rate(client, 4).status_code == 302
    assert rate(client, 4).status_code == 302
    response = rate(client, 4)
    assert response.status_code == 429 and response["Retry-After"]
    assert PageRating.objects.count() == 2


def test_the_admin_lists_answers_and_counts_per_page_read_only(staff_client):
    for page, stars in ((PAGE, 5), (PAGE, 5), (PAGE, 2), ("/statistiche/", 4)):
        PageRating.objects.create(page=page, rating=stars)
    response = staff_client.get("/admin/feedback/pagerating/")
    assert response.status_code == 200
    counts = response.text.split('class="page-rating-counts"')[1].split("</table>")[0]
    row = re.search(rf"<th scope=\"row\">{PAGE}</th>(.*?)</tr>", counts, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["3", "4,0", "0", "1", "0", "0", "2"]
    assert "/admin/feedback/pagerating/add/" not in response.text
    rating = PageRating.objects.first()
    detail = staff_client.get(f"/admin/feedback/pagerating/{rating.pk}/change/")
    assert detail.status_code == 200 and 'name="rating"' not in detail.text
    assert staff_client.post(f"/admin/feedback/pagerating/{rating.pk}/delete/", {"post": "yes"}).status_code == 403


def rating_block(response):
    """The page the block rates, or None without a block."""
    found = re.search(r'<section class="page-rating[^"]*".*?name="page" value="([^"]*)"', response.content.decode(),
                      re.S)
    return found and found.group(1)


def test_every_page_readers_come_to_read_has_the_block_and_forms_do_not(client, publication):
    practice = Practice.objects.published().filter(lead__kind="ambito").first()
    ambito = practice.lead.ambito
    comune = ambito.members.first()
    rated = ["/", "/pratiche/", "/pratiche/?provincia=BA", practice.get_absolute_url(), "/enti/",
             practice.lead.get_absolute_url(), "/ambiti/", ambito.get_absolute_url(), comune.get_absolute_url(),
             comune.province.get_absolute_url(), "/programmi/", "/statistiche/", "/opendata/", "/api/v1/docs/",
             "/chi-siamo/", "/privacy/", "/accessibilita/", "/note-legali/"]
    for url in rated:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert rating_block(response) == response.request["PATH_INFO"], url
        assert response.content.decode().count('class="page-rating') == 1, url
    for url in ("/accesso/", "/password/reimposta/", "/pratiche/non-esiste/", "/valutazione/dettagli/?t=x"):
        assert rating_block(client.get(url)) is None, url
