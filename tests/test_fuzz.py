"""No input to a public page, filter, search, export or form produces a server error.

Hypothesis throws random, huge, malformed and hostile values; every answer must be one a
client can act on (200, 301, 302, 400, 404, 405, 409, 429) and free text must come back escaped.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

OK = {200, 301, 302, 400, 404, 405, 409, 429}
PARAMS = ["q", "provincia", "ambito", "comune", "tipologia", "area", "destinatari", "finanziamento", "livello",
          "anno", "stato", "poverta_educativa", "ordina", "pagina", "formato"]
HOSTILE = st.sampled_from([
    "", " ", "\x00", "%00", "'; DROP TABLE practices_practice; --", "\" OR 1=1 --", "<script>alert(1)</script>",
    "../../etc/passwd", "😀" * 50, "a" * 5000, "-1", "0", "99999999999999999999", "1e309", "NaN", "None",
    "null", "true", "[]", "{}", "\\", "%", "_", "*", ":*", "&", "|", "!", "(", ")", "''", "\u202e", "\ufeff",
    "anziani & | ! ( ) :*", "\"minori", "-", "ba", "BA", "072006", "2023", "in_corso",
])
VALUE = st.one_of(HOSTILE, st.text(max_size=300), st.integers().map(str), st.floats().map(str))
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def assert_handled(response, label):
    assert response.status_code in OK, (label, response.status_code)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert "<script>alert(1)</script>" not in response.content.decode(), label


@FUZZ
@given(params=st.dictionaries(st.sampled_from(PARAMS), st.lists(VALUE, min_size=1, max_size=3), max_size=5))
def test_catalogue_filters_search_and_exports(client, publication, params):
    response = client.get("/pratiche/", params)
    assert_handled(response, params)


@FUZZ
@given(segment=VALUE)
def test_detail_pages_with_any_identifier(client, publication, segment):
    part = quote(segment, safe="") or "x"
    for prefix in ("/pratiche/", "/ambiti/", "/comuni/", "/province/"):
        response = client.get(f"{prefix}{part}/")
        assert_handled(response, (prefix, segment))
    assert_handled(client.get(f"/pratiche/{part}/documenti/1/"), segment)


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "pagina", "formato", "next", "lang"]), VALUE, max_size=3))
def test_other_public_pages_with_any_query(client, publication, params):
    for url in ("/", "/statistiche/", "/pratiche/feed/", "/sitemap.xml", reverse("login"), "/chi-siamo/"):
        assert_handled(client.get(url, params), (url, params))


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["username", "password", "next", "email"]), VALUE, max_size=4))
def test_login_and_password_reset_forms(client, db, data):
    assert_handled(client.post(reverse("login"), data), data)
    assert_handled(client.post(reverse("password_reset"), data), data)


@FUZZ
@given(data=st.dictionaries(
    st.sampled_from(["version", "title", "aims", "start_year", "end_year", "total_budget", "people_reached",
                     "tipologia", "areas", "partner-TOTAL_FORMS", "partner-0-body", "contact_email", "finanziamenti-TOTAL_FORMS",
                     "finanziamenti-INITIAL_FORMS", "finanziamenti-0-amount", "finanziamenti-0-programme",
                     "soggetti-TOTAL_FORMS", "soggetti-INITIAL_FORMS", "soggetti-0-name", "accepted_declarations"]),
    VALUE, max_size=12))
def test_the_candidacy_form(client, fuzz_candidacy, data):
    candidacy, officer = fuzz_candidacy
    client.force_login(officer)
    response = client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]), data)
    assert_handled(response, data)
    start = client.post(reverse("submissions:candidacy_start"), {k: v for k, v in data.items()
                                                                  if k in ("title", "version")})
    assert_handled(start, data)


@pytest.fixture
def fuzz_candidacy(db):
    from django.core.management import call_command

    from submissions.tests.factories import comune, draft, make_call, make_user

    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.fuzz", comune=comune())
    return draft(make_call(), officer, complete=False), officer


def test_markup_in_a_card_is_shown_as_text_never_run(client, db):
    from practices.tests.factories import PracticeFactory

    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    practice = PracticeFactory(title="Titolo <b>grassetto</b>", aims=hostile, implementation=f"- {hostile}")
    for url in (practice.get_absolute_url(), "/pratiche/", "/pratiche/?q=script"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
        # No tag carries the javascript: link; as escaped text (&lt;a href="javascript:…) it is inert.
        assert not re.search(r"<[^<>]*javascript:", html), url
        assert "<b>grassetto</b>" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(practice.get_absolute_url()).content.decode()
