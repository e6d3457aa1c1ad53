"""An officer deletes their own draft: confirmation, POST, gone from the list and the counts, on record."""

import pytest
from django.urls import reverse

from submissions import workflow
from submissions.models import Candidacy, CandidacyAttachment

from .factories import draft

pytestmark = pytest.mark.django_db


def test_a_draft_is_deleted_after_confirmation_and_stops_counting(officer_client, candidacy, officer, call,
                                                                  django_capture_on_commit_callbacks):
    other = draft(call, officer, complete=False, title="Seconda bozza")
    url = reverse("submissions:candidacy_delete", args=[candidacy.uuid])
    detail = officer_client.get(candidacy.get_absolute_url())
    assert url in detail.text and "Elimina la bozza" in detail.text
    confirm = officer_client.get(url)
    assert confirm.status_code == 200 and "Elimina definitivamente la bozza" in confirm.text
    assert Candidacy.objects.filter(pk=candidacy.pk).exists()  # a GET deletes nothing
    assert "Hai 2 candidature per questo avviso" in officer_client.get(reverse("submissions:dashboard")).text

    file_name = candidacy.attachments.get().file.name
    storage = candidacy.attachments.get().file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("submissions:dashboard")
    assert not Candidacy.objects.filter(pk=candidacy.pk).exists()
    assert not CandidacyAttachment.objects.filter(candidacy_id=candidacy.pk).exists()
    assert not storage.exists(file_name)
    dashboard = officer_client.get(reverse("submissions:dashboard")).text
    assert "eliminata" in dashboard and "Hai 1 candidatura per questo avviso" in dashboard
    assert other.title in dashboard
    # The audit trail keeps the deleted draft and who deleted it.
    deleted = Candidacy.history.get(uuid=candidacy.uuid, history_type="-")
    assert deleted.history_user == officer and deleted.title == candidacy.title


def test_a_submitted_candidacy_cannot_be_deleted(officer_client, candidacy, officer):
    workflow.perform(candidacy, "submit", officer)
    response = officer_client.post(reverse("submissions:candidacy_delete", args=[candidacy.uuid]), follow=True)
    assert "si può eliminare solo una bozza" in response.text.lower()
    assert Candidacy.objects.filter(pk=candidacy.pk).exists()
    assert "Elimina la bozza" not in officer_client.get(candidacy.get_absolute_url()).text


def test_only_the_officers_of_the_body_can_delete_its_draft(client, candidacy, other_officer):
    client.force_login(other_officer)
    url = reverse("submissions:candidacy_delete", args=[candidacy.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Candidacy.objects.filter(pk=candidacy.pk).exists()
