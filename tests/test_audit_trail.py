"""The back office keeps who changed what and when, and shows it."""

import pytest
from django.forms import SplitDateTimeField
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, Tipologia
from practices.tests.conftest import publication, reference_data, staff_client  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_practice_edit_in_the_admin_is_recorded_with_its_author_and_shown(staff_client, publication):
    practice = Practice.objects.published().first()
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(field, SplitDateTimeField):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%d/%m/%Y"), local.strftime("%H:%M:%S")
        elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, str):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for prefix in ("participants", "funding", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data["aims"] = practice.aims + " Frase aggiunta dallo staff."
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = practice.history.latest()
    assert latest.history_user.username == "staff" and latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["aims"]
    history_page = staff_client.get(reverse("admin:practices_practice_history", args=[practice.pk]))
    assert history_page.status_code == 200 and "staff" in history_page.text


def test_taxonomy_changes_are_recorded(staff_client, reference_data):
    term = Tipologia.objects.first()
    staff_client.post(reverse("admin:practices_tipologia_change", args=[term.pk]), {
        "name": term.name + " (rivista)", "slug": term.slug, "description": term.description,
        "position": term.position})
    assert term.history.latest().history_user.username == "staff"
    assert term.history.latest().name.endswith("(rivista)")


def test_workflow_moves_made_in_the_admin_are_in_the_candidacy_history(client, taxonomies_and_candidacy):
    candidacy, officer, reviewer = taxonomies_and_candidacy
    from submissions import workflow

    workflow.perform(candidacy, "submit", officer)
    client.force_login(reviewer)
    client.post(reverse("admin:submissions_candidacy_transition", args=[candidacy.pk, "start_review"]))
    latest = candidacy.history.latest()
    assert latest.state == "in_istruttoria" and latest.history_user == reviewer
    page = client.get(reverse("admin:submissions_candidacy_history", args=[candidacy.pk]))
    assert page.status_code == 200


@pytest.fixture
def taxonomies_and_candidacy(db):
    from django.core.management import call_command

    from submissions.tests.factories import comune, draft, make_call, make_user

    call_command("load_taxonomies", verbosity=0)
    officer = make_user("referente.bari", comune=comune())
    reviewer = make_user("istruttore.anci", group="Istruttori ANCI")
    return draft(make_call(), officer), officer, reviewer
