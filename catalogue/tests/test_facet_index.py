"""The facet index gives, for any combination of filters, exactly what the filters give in SQL:
the result count, and for each facet value the number of results a click on it would show."""

import random

import pytest
from django.core.management import call_command
from django.http import QueryDict

from catalogue import catalogue_cache, facet_index
from catalogue.facets import FACETS
from catalogue.filters import PracticeFilter
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(publication, settings):
    """The 21 real practices and 80 synthetic ones spread over every facet."""
    settings.SHOW_SYNTHETIC_PRACTICES = True
    call_command("generate_practices", "80", "--seed", "7", stdout=open("/dev/null", "w"))
    # Some practices out of the catalogue: they must count nowhere.
    Practice.objects.filter(pk__in=Practice.objects.order_by("pk").values("pk")[:5]).update(is_published=False)


def sql_count(params, excluded=None, extra=None):
    """The number of public practices the filters give in SQL, without filter `excluded`, plus `extra`."""
    filterset = PracticeFilter(params, queryset=Practice.objects.public())
    assert filterset.is_valid(), filterset.errors
    queryset = Practice.objects.public()
    active = {name: value for name, value in filterset.form.cleaned_data.items()
              if name not in ("ordina", excluded) and value not in (None, "", [], ())}
    if extra:
        active[extra[0]] = extra[1]
    for name, value in active.items():
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset.count()


def combinations(index, how_many, seed=11):
    rng = random.Random(seed)
    names = [spec.param for spec in FACETS]
    comuni = list(Practice.objects.public().filter(lead__kind="comune")
                  .values_list("lead__comune__istat_code", flat=True)[:10])
    for _ in range(how_many):
        params = QueryDict(mutable=True)
        for name in rng.sample(names, rng.randint(1, 3)):
            values = sorted(index.facets[name])
            picked = rng.sample(values, min(len(values), 1 if name == "poverta_educativa" else rng.randint(1, 2)))
            params.setlist(name, picked)
        if rng.random() < 0.3:
            params["comune"] = rng.choice(comuni)
        if rng.random() < 0.3:
            params["q"] = rng.choice(["servizi", "famiglie", "anziani", "inclusione sociale"])
        yield params


def test_counts_and_facet_counts_match_the_sql_filters(catalogue):
    index = facet_index.current()
    assert index.size == Practice.objects.public().count() == 96
    for params in [QueryDict(), *combinations(index, 25)]:
        filterset = PracticeFilter(params, queryset=Practice.objects.public())
        assert filterset.is_valid()
        selection = index.select(filterset)
        assert selection.count == sql_count(params), params.urlencode()
        for name in (spec.param for spec in FACETS):
            counts = selection.facet_counts(name)
            expected = {key: sql_count(params, excluded=name, extra=(name, key if name == "poverta_educativa"
                                                                      else [key]))
                        for key in index.facets[name]}
            assert counts == {key: n for key, n in expected.items() if n}, (params.urlencode(), name)


def test_the_index_follows_every_change_to_the_catalogue(catalogue, settings, django_assert_num_queries):
    settings.CACHES = {**settings.CACHES, "catalogue": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "facet-index-test"}}
    first = facet_index.current()
    assert facet_index.current() is first  # reused while nothing changes
    catalogue_cache._kept["values"].clear()  # as another process would, it loads the index the first one built
    with django_assert_num_queries(2) as captured:  # no rebuild: only the catalogue's version is read
        loaded = facet_index.current()
    assert all("buonepratiche_catalogueversion" in query["sql"] for query in captured.captured_queries)
    assert loaded.pks == first.pks and loaded.facets == first.facets
    practice = Practice.objects.public().first()
    practice.unpublish()
    second = facet_index.current()
    assert second is not first and second.size == first.size - 1
    practice.publish()
    area = practice.areas.first()
    practice.areas.remove(area)
    third = facet_index.current()
    assert third.size == first.size
    assert (third.facets["area"][area.slug]).bit_count() == first.facets["area"][area.slug].bit_count() - 1
