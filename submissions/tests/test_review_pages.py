"""The reviewer's pages in the admin: the queue's columns, the card beside the scores, the
confirmation before the decisions are sent, and the preview of the public page."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from practices.models import Practice, PracticeDocument
from submissions import workflow

from .factories import draft

pytestmark = pytest.mark.django_db


def test_the_queue_shows_state_reviewer_and_score_in_few_columns(reviewer_client, reviewer, submitted):
    workflow.assign([submitted], reviewer, reviewer)
    page = reviewer_client.get(reverse("admin:submissions_candidacy_changelist"))
    header = page.text.split('<thead>')[1].split('</thead>')[0]
    columns = re.findall(r'class="[^"]*column-(\w+)', header)
    assert columns == ["protocol_display", "title_display", "body_display", "state", "reviewer_display",
                       "submitted_display", "total_display"]
    row = page.text.split('<tbody>')[1].split('</tr>')[0]
    assert "Presentata" in row and "Istruttore Prova" in row
    assert '<td class="field-total_display">0' in row


def test_the_scoring_page_shows_the_card_beside_the_form(reviewer_client, reviewer, submitted):
    workflow.perform(submitted, "start_review", reviewer)
    page = reviewer_client.get(reverse("admin:submissions_candidacy_review", args=[submitted.pk]))
    layout = page.text.split('class="review-layout"')[1]
    card, form = layout.split('class="review-form"')
    assert "Scheda della pratica" in card and "Modalità di realizzazione" in card
    # The card's text, with its lists, is there to read while scoring.
    assert "Testo della sezione implementation." in card and "<li>primo punto</li>" in card
    assert 'name="score_' in form and 'name="score_' not in card
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "admin.css").read_text()
    assert ".review-layout" in css and "grid-template-columns: minmax(0, 2fr) minmax(0, 3fr)" in css


def decided(call, submitted, reviewer, other_officer):
    other = draft(call, other_officer, title="Centro diurno di Monopoli")
    workflow.perform(other, "submit", other_officer)
    for candidacy, move in ((submitted, "admit"), (other, "reject")):
        workflow.perform(candidacy, "start_review", reviewer)
        workflow.perform(candidacy, move, reviewer, note="Motivazione dell'esito.")
    return other


def test_communicating_the_decisions_asks_for_confirmation_listing_who_gets_what(
        reviewer_client, reviewer, submitted, call, other_officer, officer):
    other = decided(call, submitted, reviewer, other_officer)
    url = reverse("admin:calls_call_communicate", args=[call.pk])
    ranking = reviewer_client.get(reverse("admin:calls_call_ranking", args=[call.pk]))
    assert f'href="{url}"' in ranking.text
    mail.outbox.clear()

    page = reviewer_client.get(url)

    assert page.status_code == 200 and not mail.outbox
    table = page.text.split('id="communications"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:2]
    for candidacy, outcome in ((submitted, "Ammessa"), (other, "Non ammessa")):
        (row,) = [r for r in rows if candidacy.title in r]
        assert candidacy.protocol_number in row and candidacy.body_name in row and outcome in row
        for address in ("maria@example.org", candidacy.created_by.email):
            assert address in row
    assert officer.email not in rows[[i for i, r in enumerate(rows) if other.title in r][0]]

    # A list that changed since it was shown is not sent: it is shown again.
    changed = reviewer_client.post(url, {"candidatura": [submitted.pk]})
    assert changed.status_code == 200 and "è cambiato" in changed.text and not mail.outbox

    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = reviewer_client.post(url, {"candidatura": [submitted.pk, other.pk]})
    assert sent.status_code == 302
    assert sorted(m.subject.split(": ")[-1] for m in mail.outbox) == ["Ammessa", "Non ammessa"]
    assert not workflow.pending_decisions(call).exists()


def test_the_preview_shows_the_public_page_without_publishing_anything(
        reviewer_client, reviewer, submitted, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submitted.attachments.update(publishable=True)
    change = reviewer_client.get(reverse("admin:submissions_candidacy_change", args=[submitted.pk]))
    preview_url = reverse("admin:submissions_candidacy_preview", args=[submitted.pk])
    assert preview_url not in change.text  # not ready to publish yet
    not_ready = reviewer_client.get(preview_url)
    assert not_ready.status_code == 302
    workflow.perform(submitted, "start_review", reviewer)
    workflow.perform(submitted, "admit", reviewer, note="Ammessa.", communicate=True)
    assert preview_url in reviewer_client.get(reverse("admin:submissions_candidacy_change",
                                                      args=[submitted.pk])).text

    page = reviewer_client.get(preview_url)

    assert page.status_code == 200
    assert "Anteprima — non pubblicata" in page.text
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]
    # The public template, with the card as it will read.
    assert 'id="practice-title"' in page.text and submitted.title in page.text
    assert "Testo della sezione aims." in page.text and "<li>secondo punto</li>" in page.text
    assert "In sintesi" in page.text and ">Relazione</a>" in page.text
    # Nothing was published or kept: no practice, no document, no public copy of the attachment.
    assert not Practice.objects.exists() and not PracticeDocument.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    submitted.refresh_from_db()
    assert submitted.practice_id is None and submitted.state == "ammessa"
    # Not reachable by the public.
    anonymous = client.__class__().get(preview_url)
    assert anonymous.status_code == 302 and preview_url not in anonymous.text
