"""Synthetic practices for load tests: realistic, deterministic, never mixed with real ones."""

import io

import pytest
from django.core.management import call_command

from funding.models import PracticeFunding
from practices.models import CARD_SECTION_FIELDS, Practice

pytestmark = pytest.mark.django_db


def generate(count, seed=3):
    out = io.StringIO()
    call_command("generate_practices", str(count), seed=seed, batch_size=40, stdout=out)
    return out.getvalue()


def cards(seed=3):
    return list(Practice.objects.filter(slug__startswith=f"sintetica-s{seed}-").order_by("slug").values_list(
        "slug", "title", "lead", "tipologia", *CARD_SECTION_FIELDS))


def test_generation_is_deterministic_resumable_and_removable(publication):
    real = set(Practice.objects.values_list("pk", flat=True))
    assert "100 create" in generate(100)
    first = cards()
    assert "0 create (100 già presenti)" in generate(100)
    call_command("remove_synthetic_practices", stdout=io.StringIO())
    assert set(Practice.objects.values_list("pk", flat=True)) == real
    generate(60)
    generate(100)
    assert cards() == first
    synthetic = Practice.objects.filter(is_synthetic=True)
    assert synthetic.count() == 100 and not synthetic.filter(slug__in=Practice.objects.real().values("slug")).exists()
    assert PracticeFunding.objects.filter(practice__is_synthetic=True).exists()
    assert synthetic.filter(areas__isnull=False).distinct().count() == 100


def test_text_comes_from_the_real_cards(publication):
    generate(30)
    real_text = " ".join(Practice.objects.real().values_list("aims", flat=True))
    for aims in Practice.objects.filter(is_synthetic=True).values_list("aims", flat=True):
        first_sentence = aims.lstrip("- ").split("\n")[0][:40]
        assert first_sentence in real_text


def test_synthetic_practices_stay_out_of_the_public_catalogue(client, publication, settings):
    generate(30)
    listing = client.get("/pratiche/")
    assert listing.context["page_obj"].paginator.count == 21
    synthetic = Practice.objects.filter(is_synthetic=True).first()
    assert client.get(synthetic.get_absolute_url()).status_code == 404
    assert synthetic.slug not in client.get("/sitemap.xml").content.decode()


def test_a_load_test_instance_shows_them_and_says_so(client, publication, settings):
    settings.SHOW_SYNTHETIC_PRACTICES = True
    generate(30)
    listing = client.get("/pratiche/")
    assert listing.context["page_obj"].paginator.count == 51
    assert "Istanza di prova" in listing.text
    synthetic = Practice.objects.filter(is_synthetic=True).first()
    assert client.get(synthetic.get_absolute_url()).status_code == 200
    assert synthetic.slug not in client.get("/sitemap.xml").content.decode()


def test_generation_needs_the_real_practices(db):
    from django.core.management.base import CommandError

    call_command("load_taxonomies", verbosity=0)
    with pytest.raises(CommandError):
        generate(5)


def test_participants_names_enter_the_stored_search_text_as_for_real_practices(publication):
    from buonepratiche.text import normalise
    from practices.models import PracticeParticipant

    generate(40)
    links = PracticeParticipant.objects.filter(practice__is_synthetic=True).select_related("practice", "body")
    assert links.exists()
    for link in links:
        assert link.body.name in link.practice.place_names
        assert normalise(link.body.name) in link.practice.search_text
