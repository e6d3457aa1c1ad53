"""Pages about one person are never stored by a browser or a proxy: every officer URL, the
account pages, the admin and attachment downloads answer `Cache-Control: no-store, private`;
the public catalogue served to an anonymous visitor keeps its own caching."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import URLPattern, reverse

from submissions import urls as officer_urls
from submissions.tests.factories import comune, draft, make_call, make_user

pytestmark = pytest.mark.django_db


def assert_no_store(response, label):
    header = response.get("Cache-Control", "")
    assert "no-store" in header and "private" in header, f"{label} ({response.status_code}): {header!r}"


@pytest.fixture
def candidacy(db):
    from django.core.management import call_command

    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune("072006", "Bari"))
    return draft(make_call(), officer)


def test_every_officer_url_is_no_store(client, candidacy):
    client.force_login(candidacy.created_by)
    attachment = candidacy.attachments.get()
    patterns = [p for p in officer_urls.urlpatterns if isinstance(p, URLPattern)]
    assert len(patterns) >= 10
    for pattern in patterns:
        kwargs = {name: {"uuid": candidacy.uuid, "pk": attachment.pk}[name] for name in pattern.pattern.converters}
        url = reverse(f"submissions:{pattern.name}", kwargs=kwargs)
        for method in (client.get, client.post):
            assert_no_store(method(url), f"{method.__name__.upper()} {url}")


def test_account_pages_are_no_store(client, candidacy):
    for name in ("login", "password_reset", "password_reset_done", "password_reset_complete"):
        assert_no_store(client.get(reverse(name)), name)
    client.force_login(candidacy.created_by)
    for name in ("password_change", "password_change_done"):
        assert_no_store(client.get(reverse(name)), name)
    assert_no_store(client.post(reverse("logout")), "logout")


def test_every_admin_list_and_form_is_no_store(client, candidacy):
    client.force_login(User.objects.create_superuser("amministratore", "a@example.org", "x"))
    assert_no_store(client.get(reverse("admin:index")), "admin:index")
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        for view in ("changelist", "add"):
            url = reverse("admin:%s_%s_%s" % (*info, view))
            assert_no_store(client.get(url), url)
    assert_no_store(client.get(reverse("admin:submissions_candidacy_change", args=[candidacy.pk])), "candidacy")


def test_public_pages_for_anonymous_visitors_keep_their_caching(client, candidacy):
    for url in (reverse("catalogue:home"), reverse("catalogue:practice_list"), "/api/v1/pratiche/"):
        assert "no-store" not in client.get(url).get("Cache-Control", ""), url


def test_any_page_served_to_a_signed_in_person_is_no_store(client, candidacy):
    client.force_login(candidacy.created_by)
    assert_no_store(client.get(reverse("catalogue:home")), "home, signed in")
