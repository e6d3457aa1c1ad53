"""Who gets what: every URL of the site and of the admin, for every persona.

Expected answers: 200 (may see), 302 to a login page (must sign in), 403 (signed in, not
allowed), 404 (must not even learn the thing exists).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from submissions import workflow
from submissions.tests.factories import comune, draft, make_call, make_user

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "officer_a", "officer_b", "reviewer", "region", "superuser")
LOGIN = "login"


@pytest.fixture
def world(django_user_model):
    from django.core.management import call_command

    call_command("load_taxonomies", verbosity=0)
    bari, monopoli = comune("072006", "Bari"), comune("072030", "Monopoli")
    users = {
        "officer_a": make_user("referente.a", comune=bari),
        "officer_b": make_user("referente.b", comune=monopoli),
        "reviewer": make_user("istruttore", group="Istruttori ANCI"),
        "region": make_user("regione", group="Regione Puglia"),
        "superuser": django_user_model.objects.create_superuser("capo", "capo@example.org", "password-lunga-123"),
    }
    candidacy = draft(make_call(), users["officer_a"])
    workflow.perform(candidacy, "submit", users["officer_a"])
    return users, candidacy


def answer(client, users, persona, url, method="get"):
    client.logout()
    if persona != "anonymous":
        client.force_login(users[persona])
    response = getattr(client, method)(url)
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if "/accesso/" in location or "/admin/login/" in location else 302
    return response.status_code


def officer_urls(candidacy):
    u, a = candidacy.uuid, candidacy.attachments.get().pk
    return {
        reverse("submissions:candidacy_detail", args=[u]): "get",
        reverse("submissions:candidacy_edit", args=[u]): "get",
        reverse("submissions:attachments", args=[u]): "get",
        reverse("submissions:attachment", args=[u, a]): "get",
        reverse("submissions:receipt", args=[u]): "get",
        reverse("submissions:candidacy_withdraw_confirm", args=[u]): "get",
        reverse("submissions:candidacy_delete", args=[u]): "get",
        reverse("submissions:partner_search", args=[u]): "get",
        reverse("submissions:candidacy_submit", args=[u]): "post",
        reverse("submissions:candidacy_resubmit", args=[u]): "post",
        reverse("submissions:candidacy_withdraw", args=[u]): "post",
        reverse("submissions:attachment_delete", args=[u, a]): "post",
    }


def test_candidacy_urls(client, world):
    users, candidacy = world
    attachment_url = reverse("submissions:attachment", args=[candidacy.uuid, candidacy.attachments.get().pk])
    for url, method in officer_urls(candidacy).items():
        expected = {"anonymous": LOGIN, "officer_b": 404,
                    # Staff work in the back office; the officer area is for bodies' officers.
                    "reviewer": 403, "region": 403, "superuser": 403}
        if url == attachment_url:
            expected.update(reviewer=200, region=200, superuser=200)
        for persona, code in expected.items():
            assert answer(client, users, persona, url, method) == code, (persona, method, url)
        # The owner: pages open; a submitted candidacy redirects edits back to its summary.
        owner = answer(client, users, "officer_a", url, method)
        assert owner in (200, 302), (url, owner)


def test_officer_area_entry_points(client, world):
    users, _candidacy = world
    for url in (reverse("submissions:dashboard"), reverse("submissions:candidacy_start")):
        expected = {"anonymous": LOGIN, "officer_a": 200, "officer_b": 200, "reviewer": 403, "region": 403,
                    "superuser": 403}
        for persona, code in expected.items():
            assert answer(client, users, persona, url) == code, (persona, url)


def test_public_pages_are_open_to_everyone(client, world):
    users, _candidacy = world
    for url in ("/", "/pratiche/", "/statistiche/", "/chi-siamo/", "/privacy/", "/accessibilita/",
                "/note-legali/", "/robots.txt", "/sitemap.xml", reverse("login"), reverse("password_reset"),
                "/api/v1/", "/api/v1/pratiche/", "/api/v1/schema/", "/api/v1/docs/", "/opendata/",
                "/opendata/catalogo.ttl"):
        for persona in PERSONAS:
            code = answer(client, users, persona, url)
            assert code in (200, 302 if url == reverse("login") else 200), (persona, url, code)


def test_review_pages_in_the_admin(client, world):
    users, candidacy = world
    call = candidacy.call
    urls = {
        reverse("admin:submissions_candidacy_changelist"): dict(reviewer=200, region=200, superuser=200),
        reverse("admin:submissions_candidacy_change", args=[candidacy.pk]): dict(reviewer=200, region=200,
                                                                                 superuser=200),
        reverse("admin:submissions_candidacy_history", args=[candidacy.pk]): dict(reviewer=200, region=200,
                                                                                  superuser=200),
        reverse("admin:submissions_candidacy_review", args=[candidacy.pk]): dict(reviewer=200, region=403,
                                                                                 superuser=200),
        reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "start_review"]):
            dict(reviewer=200, region=403, superuser=200),
        reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "admit"]):
            dict(reviewer=403, region=403, superuser=403),
        reverse("admin:submissions_candidacy_add"): dict(reviewer=403, region=403, superuser=403),
        reverse("admin:submissions_candidacy_delete", args=[candidacy.pk]): dict(reviewer=403, region=403,
                                                                                 superuser=403),
        reverse("admin:calls_call_ranking", args=[call.pk]): dict(reviewer=200, region=200, superuser=200),
        # The confirmation page before decisions are sent: only who may review.
        reverse("admin:calls_call_communicate", args=[call.pk]): dict(reviewer=200, region=403, superuser=200),
        # Staff who see candidacies; a candidacy not yet admitted sends them back to its page.
        reverse("admin:submissions_candidacy_preview", args=[candidacy.pk]): dict(reviewer=302, region=302,
                                                                                  superuser=302),
        reverse("admin:calls_call_change", args=[call.pk]): dict(reviewer=200, region=200, superuser=200),
        reverse("admin:calls_call_add"): dict(reviewer=403, region=200, superuser=200),
        reverse("admin:submissions_officer_add"): dict(reviewer=200, region=403, superuser=200),
        reverse("admin:auth_user_changelist"): dict(reviewer=403, region=403, superuser=200),
        reverse("admin:auth_group_changelist"): dict(reviewer=403, region=403, superuser=200),
    }
    for url, staff in urls.items():
        expected = {"anonymous": LOGIN, "officer_a": LOGIN, "officer_b": LOGIN, **staff}
        for persona, code in expected.items():
            assert answer(client, users, persona, url) == code, (persona, url)


def test_every_admin_changelist_is_closed_to_anonymous_visitors_and_officers(client, world):
    users, _candidacy = world
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for persona in ("anonymous", "officer_a"):
            assert answer(client, users, persona, url) == LOGIN, (persona, url)
        assert answer(client, users, "superuser", url) == 200, url


def test_a_reviewer_of_the_body_cannot_review_its_candidacy(client, world):
    users, candidacy = world
    conflicted = make_user("istruttore.bari", group="Istruttori ANCI", body=candidacy.lead)
    client.force_login(conflicted)
    assert client.get(reverse("admin:submissions_candidacy_review", args=[candidacy.pk])).status_code == 403
    url = reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "start_review"])
    assert client.post(url).status_code == 403
