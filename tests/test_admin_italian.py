"""The back office speaks Italian: app names, Django's own admin strings (including those Django
6.1 added and its Italian catalogue lacks), import-export's pages, also for a staff member who
chose English on the public pages."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from practices.tests.test_import_export import admin_import
from practices.tests.test_import_trust import csv_file
from submissions import workflow
from submissions.tests.factories import comune, draft, make_call, make_user

pytestmark = pytest.mark.django_db

ENGLISH = ("Practices", "Submissions", "Catalogue", "Filter by", ">Run<", "Some rows failed to validate",
           "Import finished", "Recent actions", "Breadcrumbs")


@pytest.fixture(params=["", "en"], ids=["default", "english-cookie"])
def staff(request, admin_client):
    if request.param:
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return admin_client


def assert_italian(page):
    for english in ENGLISH:
        assert english not in page, english


def test_the_admin_home_names_every_app_in_italian(staff):
    page = staff.get(reverse("admin:index")).text
    assert_italian(page)
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert {"Pratiche, enti e territorio", "Candidature e istruttoria"} <= set(captions)
    assert "Azioni recenti" in page


def test_a_changelist_with_filters_and_actions_is_italian(staff):
    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune("072006", "Bari"))
    candidacy = draft(make_call(), officer)
    workflow.perform(candidacy, "submit", officer)
    page = staff.get(reverse("admin:submissions_candidacy_changelist")).text
    assert_italian(page)
    assert ">Esegui</button>" in page and "Filtra per presentata il" in page and ">Filtra</h2>" in page


def test_an_import_with_an_invalid_row_is_reported_in_italian(staff):
    headers = ("identificativo", "titolo", "ente_capofila")
    response = admin_import(staff, csv_file(headers, [("a", "A", "999999")]), "csv", confirm=False)
    page = response.content.decode()
    assert_italian(page)
    assert "Alcune righe contengono errori" in page and "Riga 2, colonna «ente_capofila»" in page
