"""The catalogue cache's one entry point: a view declares what its page varies on, the parts it
composes are kept under keys the cache builds (catalogue version, language, those values), and
what invalidates them is declared on the models the catalogue shows."""

import pytest
from django.db.models.signals import post_delete, post_save
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from catalogue import catalogue_cache
from calls.models import Call
from identity.models import Identity
from practices.models import Ambito, Practice, Province, Publication, Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_cache_on")]

FRAGMENT = Template('{% load catalogue_tags %}{% catalogue_fragment "part" %}{{ text }}{% endcatalogue_fragment %}')


def render(path, text, view_kwargs=None):
    """The fragment as the page of a view declared with @cached_page("trial", vary=...) renders it."""
    request = RequestFactory().get(path)

    @catalogue_cache.cached_page("trial", vary=lambda request, slug=None: [slug or request.get_full_path()])
    def view(request, **kwargs):
        return FRAGMENT.render(Context({"request": request, "text": text}))

    return view(request, **(view_kwargs or {}))


def test_a_page_part_is_rendered_once_per_declared_value_language_and_version():
    assert render("/uno/", "primo") == "primo"
    assert render("/uno/", "cambiato") == "primo"  # the view's key: the same URL is the same part
    assert render("/due/", "secondo") == "secondo"
    assert render("/tre/", "x", {"slug": "a"}) == "x"
    assert render("/quattro/", "y", {"slug": "a"}) == "x"  # the view says the page varies on the slug only
    with translation.override("en"):
        assert render("/uno/", "first") == "first"
    catalogue_cache.invalidate()
    assert render("/uno/", "nuovo") == "nuovo"


def test_a_model_that_declares_it_renews_the_catalogue_and_one_that_does_not_leaves_it(monkeypatch):
    region = Region.objects.create(name="Puglia", istat_code="16")
    before = catalogue_cache.version()
    Province.objects.create(name="Bari", sigla="BA", istat_code="072", region=region)
    assert catalogue_cache.version() != before
    before = catalogue_cache.version()
    Publication.objects.create(title="Raccolta", slug="raccolta", publisher="ANCI", year=2024)
    assert catalogue_cache.version() == before

    # The marker on the model is what counts: no list elsewhere to keep in step.
    monkeypatch.setattr(Publication, "catalogue_dependent", True, raising=False)
    catalogue_cache.connect_signals()
    try:
        Publication.objects.create(title="Altra raccolta", slug="altra-raccolta", publisher="ANCI", year=2025)
        assert catalogue_cache.version() != before
    finally:
        post_save.disconnect(sender=Publication, dispatch_uid="catalogue-save-Publication")
        post_delete.disconnect(sender=Publication, dispatch_uid="catalogue-delete-Publication")


def test_the_models_the_catalogue_depends_on_are_the_ones_that_say_so():
    models, throughs = catalogue_cache.dependencies()
    assert Practice in models and Province in models and Publication not in models
    assert set(throughs) == {Practice.areas.through, Practice.target_groups.through,
                             Practice.covered_regions.through, Practice.covered_provinces.through,
                             Practice.covered_comuni.through, Ambito.members.through,
                             Ambito.member_bodies.through, Identity.regions.through,
                             Call.provinces.through}
