"""One publish path: a practice published from a candidacy is withdrawn and republished from
the practices' back office through the workflow, so the candidacy's state and history follow;
the bare field cannot be edited, and the import cannot bypass it."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from practices.models import Practice
from practices.resources import PracticeResource
from submissions import workflow
from submissions.models import CandidacyEvent
from submissions.states import State
from submissions.tests.factories import comune, draft, make_call, make_user


@pytest.fixture
def published(db):
    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune())
    reviewer = make_user("istruttore.anci", group="Istruttori ANCI")
    candidacy = draft(make_call(), officer)
    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    workflow.perform(candidacy, "admit", reviewer, note="Ammessa.", communicate=True)
    workflow.perform(candidacy, "publish", reviewer)
    candidacy.refresh_from_db()
    return candidacy, reviewer


def _action(client, action, practice):
    return client.post(reverse("admin:practices_practice_changelist"),
                       {"action": action, "_selected_action": [practice.pk]}, follow=True)


def test_unpublishing_in_the_practices_admin_moves_the_candidacy_and_republishing_too(client, published):
    candidacy, reviewer = published
    practice = candidacy.practice
    client.force_login(reviewer)

    page = _action(client, "unpublish_selected", practice)
    assert page.status_code == 200 and "1 pratica ritirata dalla pubblicazione." in page.text
    practice.refresh_from_db()
    candidacy.refresh_from_db()
    assert not practice.is_published
    assert candidacy.state == State.ADMITTED
    withdrawn = CandidacyEvent.objects.filter(candidacy=candidacy).last()
    assert (withdrawn.transition, withdrawn.from_state, withdrawn.to_state, withdrawn.actor) == (
        "unpublish", State.PUBLISHED, State.ADMITTED, reviewer)
    assert withdrawn.note

    page = _action(client, "publish_selected", practice)
    assert "1 pratica pubblicata." in page.text
    practice.refresh_from_db()
    candidacy.refresh_from_db()
    assert practice.is_published and candidacy.state == State.PUBLISHED
    assert CandidacyEvent.objects.filter(candidacy=candidacy).last().transition == "publish"


def test_someone_who_may_not_publish_candidacies_is_told_and_nothing_moves(client, published):
    candidacy, _reviewer = published
    # Staff who may edit practices but not publish candidacies.
    editor = make_user("redattore", group="Regione Puglia")
    editor.groups.clear()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="practices",
                                                           codename__in=["view_practice", "change_practice"]))
    client.force_login(editor)
    page = _action(client, "unpublish_selected", candidacy.practice)
    assert "Non si dispone dei permessi" in page.text
    candidacy.refresh_from_db()
    assert candidacy.state == State.PUBLISHED and candidacy.practice.is_published


def test_the_published_flag_is_not_editable_in_the_practice_form(client, published):
    candidacy, reviewer = published
    client.force_login(reviewer)
    form = client.get(reverse("admin:practices_practice_change", args=[candidacy.practice.pk]))
    assert form.status_code == 200
    assert 'name="is_published"' not in form.text


def test_the_import_cannot_unpublish_a_practice_that_has_a_candidacy(published):
    candidacy, _reviewer = published
    resource = PracticeResource()
    dataset = resource.export(Practice.objects.filter(pk=candidacy.practice.pk))
    column = dataset.headers.index("pubblicata")
    row = list(dataset[0])
    row[column] = "0"
    dataset[0] = row
    result = PracticeResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_validation_errors()
    assert "candidatura" in " ".join(result.invalid_rows[0].error_dict["pubblicata"])
    candidacy.refresh_from_db()
    assert candidacy.practice.is_published and candidacy.state == State.PUBLISHED
